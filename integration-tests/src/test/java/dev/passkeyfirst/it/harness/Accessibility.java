package dev.passkeyfirst.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * axe-core (WCAG 2.0/2.1 A and AA rules) run on every distinct page the browser tests reach: each
 * {@link Browser#waitForPage} and {@link Browser#screenshot} checks the page once per run, keyed by its
 * page id and main heading, and fails on a serious or critical violation. Every page checked is listed
 * in {@code target/accessibility/pages.md}, with the lesser findings, when the test JVM ends.
 */
public final class Accessibility {

    private static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");
    private static final List<String> FAILING = List.of("serious", "critical");
    /** Keycloak's own templates that our flows show (sign-up, email verification, notices, consent, errors). */
    private static final List<String> KEYCLOAK_PAGES_IN_OUR_FLOWS = List.of("login-register", "login-login-verify-email", "login-info",
            "login-login-oauth-grant", "login-error", "login-login-page-expired");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Page key to what axe found below the failing level ("" for nothing): the run's report, not product state. */
    private static final Map<String, String> CHECKED = new ConcurrentSkipListMap<>();
    private static String script;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Accessibility::writeReport, "accessibility-report"));
    }

    private Accessibility() {
    }

    /** Checks the page the driver shows unless a page with the same key was checked in this run. */
    public static void check(WebDriver driver, String pageKey) {
        if (pageKey == null || CHECKED.containsKey(pageKey)) return;
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript(axeScript());
        Object raw = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
                + ".then(r => done(JSON.stringify(r.violations))).catch(e => done(JSON.stringify({error: String(e)})));", TAGS);
        JsonNode violations;
        try {
            violations = JSON.readTree(String.valueOf(raw));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (violations.has("error")) throw new AssertionError("axe did not run on " + pageKey + ": " + violations.get("error"));
        List<String> failing = new ArrayList<>();
        List<String> lesser = new ArrayList<>();
        for (JsonNode v : violations) {
            String line = v.path("impact").asText() + " " + v.path("id").asText() + " (" + v.path("nodes").size() + "): " + v.path("help").asText();
            if (FAILING.contains(v.path("impact").asText())) {
                StringBuilder where = new StringBuilder(line);
                for (JsonNode n : v.path("nodes")) where.append("\n    at ").append(n.path("target")).append(" ").append(n.path("failureSummary").asText().replace('\n', ' '));
                failing.add(where.toString());
            } else {
                lesser.add(line);
            }
        }
        String url = driver.getCurrentUrl().replaceAll("[?#].*", "");
        CHECKED.put(pageKey, url + (lesser.isEmpty() ? "" : " | " + String.join("; ", lesser)));
        if (!failing.isEmpty()) {
            throw new AssertionError("accessibility of " + pageKey + " at " + url + ":\n" + String.join("\n", failing));
        }
    }

    /** Our page id and the page's main heading (one template shows several views under one id); null for a page not ours. */
    public static String keyOf(WebDriver driver) {
        Object key = ((JavascriptExecutor) driver).executeScript(
                "const b = document.body; if (!b) return null;"
                // our pages, and Keycloak's pages that our flows show in our theme; Keycloak's consoles and
                // its stock WebAuthn steps (reached only to prove they accept our passkeys) are not ours to fix
                + "const ours = /^login-pkf-/.test(b.dataset.pageId || '') || arguments[0].includes(b.dataset.pageId)"
                + "  || location.pathname.includes('/passkey-first/');"
                + "if (!ours) return null;"
                + "const h = document.querySelector('h1, h2'); const id = b.dataset.pageId || document.title;"
                + "const v = document.querySelector('[data-pkf-view]');"
                + "return id + (v ? ' (' + v.dataset.pkfView + ')' : '') + ' | ' + (h ? h.textContent.trim().replace(/\\s+/g, ' ').slice(0, 60) : '');",
                KEYCLOAK_PAGES_IN_OUR_FLOWS);
        return key == null ? null : String.valueOf(key);
    }

    public static List<String> checkedPages() {
        return List.copyOf(CHECKED.keySet());
    }

    private static synchronized String axeScript() {
        if (script == null) {
            try (InputStream in = Accessibility.class.getResourceAsStream("/axe.min.js")) {
                if (in == null) throw new IllegalStateException("axe.min.js is not on the test class path");
                script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return script;
    }

    private static void writeReport() {
        if (CHECKED.isEmpty()) return;
        try {
            Path dir = Path.of(System.getProperty("pkf.accessibility.dir", "target/accessibility"));
            Files.createDirectories(dir);
            StringBuilder out = new StringBuilder("# Pages checked with axe-core (WCAG 2.1 A/AA; serious and critical fail the test)\n\n"
                    + "| page | address | lesser findings |\n|---|---|---|\n");
            CHECKED.forEach((k, v) -> {
                String[] parts = v.split(" \\| ", 2);
                out.append("| ").append(k.replace("|", "·")).append(" | ").append(parts[0]).append(" | ")
                        .append(parts.length > 1 ? parts[1] : "none").append(" |\n");
            });
            Files.writeString(dir.resolve("pages-" + ProcessHandle.current().pid() + ".md"), out);
        } catch (IOException e) {
            System.err.println("accessibility report not written: " + e);
        }
    }
}
