package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.HttpCookie;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.mailbox.Mailbox;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, finding 10 (DESIGN §5 *new*: "Nothing an attacker sends reaches a log line unescaped
 * (origins, labels, user agents)"). webauthn4j's messages quote the origin from clientDataJSON, and
 * our refusals log those messages (and put them in event details, which Keycloak's jboss-logging
 * listener writes to the same log). An attacker who can write a newline can forge whole log lines
 * ("2026-01-01 ERROR [x] forged") that monitoring then believes; a carriage return or ANSI escapes
 * rewrite what an operator's terminal shows.
 *
 * <p>Each test sends one kind of hostile text, checks that the server refuses or cleans it, and then
 * reads the raw bytes the server wrote to its log meanwhile (not lines: a lone carriage return would
 * be hidden by a line reader): none may hold a control character other than the newline that ends a
 * line and a tab, and no line may start with the forged text.
 */
class LogInjectionTest extends ServerTest {

    private static final String FORGED = "2026-01-01 ERROR [x] forged";
    /** Decoded text an attacker wants in the log: a line break, the forged line, a carriage return and ANSI colour. */
    private static final String HOSTILE = "https://evil.example\n" + FORGED + "\r\u001b[2K\u001b[31mPKF-ANSI\u001b[0m";
    /** The same, as it must be written inside JSON (clientDataJSON is JSON; a browser escapes, an attacker may or may not). */
    private static final String HOSTILE_JSON_ESCAPED = HOSTILE.replace("\n", "\\n").replace("\r", "\\r").replace("\u001b", "\\u001b");
    /**
     * The origin that gets through: webauthn4j parses the origin with java.net.URI, which refuses raw
     * control characters (the two forms above end as "Input data does not match expected form"), but
     * for a scheme other than http(s) its {@code Origin.toString()} is the URI's decoded
     * scheme-specific part, so percent-escapes come back as control characters inside the
     * BadOriginException message ("The collectedClientData origin '...' doesn't match ...").
     */
    private static final String HOSTILE_PERCENT_ENCODED =
            "x-evil:%0A2026-01-01%20ERROR%20%5Bx%5D%20forged%0D%1B%5B2K%1B%5B31mPKF-ANSI%1B%5B0m";

    private int users;
    private SoftAuthenticator passkey;
    private String userId;
    private String email;

    @BeforeAll
    void anAccountWithAPasskey() {
        email = "inject" + (++users) + "@example.org";
        userId = realm.createUser(email);
        passkey = new SoftAuthenticator();
        assertTrue(HttpFlows.register(realm, mailbox, userId, email, passkey).status() < 400);
    }

    // ---- the log, byte for byte ----

    private long logSize() {
        try {
            return Files.size(server.logFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the server appended to its log since {@code from} (a byte offset). */
    private String logSince(long from) {
        mailbox.await(m -> false, Duration.ofMillis(500));
        try (RandomAccessFile f = new RandomAccessFile(server.logFile().toFile(), "r")) {
            long len = f.length();
            byte[] b = new byte[(int) Math.max(0, len - from)];
            f.seek(from);
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void assertLogClean(long from, String what) {
        String written = logSince(from);
        List<String> bad = new ArrayList<>();
        for (String line : written.split("\n", -1)) {
            boolean control = line.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0));
            boolean forged = line.stripLeading().startsWith(FORGED) || line.contains("\r" + FORGED);
            if (control || forged) bad.add(visible(line));
        }
        assertTrue(bad.isEmpty(), what + ": attacker text reached the server log unescaped (control characters shown as \\uXXXX):\n  "
                + String.join("\n  ", bad));
    }

    private static String visible(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> {
            if ((c < 0x20 && c != '\t') || c == 0x7f) b.append(String.format("\\u%04x", c));
            else b.appendCodePoint(c);
        });
        return b.length() > 600 ? b.substring(0, 600) + "…" : b.toString();
    }

    // ---- sign-in ----

    private static void assertRefusedSignIn(WebClient.Page page) {
        assertFalse(HttpFlows.signedIn(page), "must not sign in");
        assertTrue(page.status() < 500, "status " + page.status() + "\n" + page.body());
        assertTrue(page.pageId() != null && page.pageId().startsWith(Pages.id(Pages.LOGIN)), page.pageId());
        assertTrue(page.error() != null && !page.error().isBlank(), page.body());
    }

    @Test
    void anAssertionWithAHostileOriginIsRefusedAndNotLoggedRaw() {
        long from = logSize();
        // as JSON allows it: escaped, so the decoded origin holds the control characters
        for (String origin : List.of(HOSTILE_PERCENT_ENCODED, HOSTILE_JSON_ESCAPED, HOSTILE)) {
            WebClient client = new WebClient();
            WebClient.Page login = client.get(realm.authUrl());
            assertRefusedSignIn(client.post(login.formAction("pkf-assertion-form"),
                    passkey.get(HttpFlows.rpId(login), origin, HttpFlows.challenge(login))));
            // and in the username step, where the assertion names the account
            WebClient.Page start = client.get(realm.authUrl());
            Map<String, String> form = start.formFields("pkf-username-form");
            form.put("username", email);
            WebClient.Page step = client.post(start.formAction("pkf-username-form"), form);
            assertEquals(Pages.id(Pages.LOGIN_PASSKEY), step.pageId(), step.body());
            assertRefusedSignIn(client.post(step.formAction("pkf-assertion-form"),
                    passkey.get(HttpFlows.rpId(step), origin, HttpFlows.challenge(step))));
        }
        assertLogClean(from, "sign-in with a hostile clientDataJSON origin");
    }

    @Test
    void aHostileUsernameIsNotLoggedRaw() {
        long from = logSize();
        WebClient client = new WebClient();
        WebClient.Page start = client.get(realm.authUrl());
        Map<String, String> form = start.formFields("pkf-username-form");
        form.put("username", "nobody" + HOSTILE.substring("https://evil.example".length()));
        WebClient.Page step = client.post(start.formAction("pkf-username-form"), form);
        assertTrue(step.status() < 500, step.body());
        if (Pages.id(Pages.LOGIN_PASSKEY).equals(step.pageId())) {
            // the decoys' prompt fails, as it would for this name: a refused assertion names the typed username
            assertRefusedSignIn(client.post(step.formAction("pkf-assertion-form"),
                    new SoftAuthenticator().get(HttpFlows.rpId(step), HttpFlows.ORIGIN, HttpFlows.challenge(step))));
        }
        assertLogClean(from, "a hostile username in the username step");
    }

    // ---- registration ----

    @Test
    void aRegistrationWithAHostileOriginIsRefusedAndNotLoggedRaw() {
        long from = logSize();
        for (String origin : List.of(HOSTILE_PERCENT_ENCODED, HOSTILE_JSON_ESCAPED, HOSTILE)) {
            String mail = "inject" + (++users) + "@example.org";
            String id = realm.createUser(mail);
            WebClient client = new WebClient();
            WebClient.Page page = HttpFlows.createPage(client, realm, mailbox, id, mail);
            var data = page.data("pkf-data");
            byte[] userHandle = Base64.getUrlDecoder().decode(data.get("user").get("id").asText());
            Map<String, String> att = new SoftAuthenticator().create(data.get("rp").get("id").asText(), origin, data.get("challenge").asText(), userHandle);
            att.put("authenticatorLabel", "Laptop");
            WebClient.Page refused = client.post(page.formAction("pkf-create-form"), att);
            assertTrue(refused.status() < 500, refused.body());
            assertEquals(Pages.id(Pages.CREATE_PASSKEY), refused.pageId(), "refused on the create page: " + refused.body());
            assertTrue(realm.resource.users().get(id).credentials().isEmpty(), "nothing stored for a hostile origin");
        }
        assertLogClean(from, "registration with a hostile clientDataJSON origin");
    }

    @Test
    void aHostileLabelAndUserAgentAreNotLoggedRaw() {
        long from = logSize();
        // control characters in the header itself: HTTP has no place for them, the server may refuse
        // the request outright; it must not answer with a 5xx nor log them raw
        for (String ua : List.of("Mozilla/5.0 \u001b[2K\u001b[31mPKF-ANSI\u001b[0m " + FORGED, "Mozilla/5.0\r\n " + FORGED)) {
            WebClient.Page p = new RawBrowser(ua).get(realm.authUrl());
            assertTrue(p.status() < 500, "status " + p.status());
        }
        // what HTTP does let through (obs-text: C1 controls NEL and CSI as ISO-8859-1 bytes) with the
        // forged text, in a whole registration and sign-in; and a passkey label with every control character
        RawBrowser hostile = new RawBrowser(WebClient.CHROME + " \u0085" + FORGED + " \u009b31mPKF-C1\u009b0m");
        String mail = "inject" + (++users) + "@example.org";
        String id = realm.createUser(mail);
        WebClient.Page page = hostile.createPage(id, mail);
        SoftAuthenticator key = new SoftAuthenticator();
        Map<String, String> att = HttpFlows.attestation(page, key, "Laptop" + HOSTILE.substring("https://evil.example".length()));
        WebClient.Page made = hostile.post(page.formAction("pkf-create-form"), att);
        assertTrue(made.status() < 500, made.body());
        assertEquals(1, realm.resource.users().get(id).credentials().size(), "the passkey itself is fine: " + made.body());
        String label = realm.resource.users().get(id).credentials().get(0).getUserLabel();
        assertFalse(label.chars().anyMatch(c -> c < 0x20 || c == 0x7f), "stored label keeps control characters: " + visible(label));
        // the same label again on a second passkey of the account (its name is taken: numbered), and a refused one
        key.userHandle = HttpFlows.utf8(id);
        WebClient.Page login = hostile.get(realm.authUrl("&kc_action=" + ProviderIds.CREATE_PASSKEY));
        assertEquals(Pages.id(Pages.LOGIN), login.pageId(), login.status() + " " + login.body());
        WebClient.Page create = hostile.post(login.formAction("pkf-assertion-form"), key.get(HttpFlows.rpId(login), HttpFlows.ORIGIN, HttpFlows.challenge(login)));
        assertEquals(Pages.id(Pages.CREATE_PASSKEY), create.pageId(), create.body());
        Map<String, String> again = HttpFlows.attestation(create, key, "Laptop" + HOSTILE.substring("https://evil.example".length()));
        WebClient.Page refused = hostile.post(create.formAction("pkf-create-form"), again);
        assertTrue(refused.status() < 500 && Pages.id(Pages.CREATE_PASSKEY).equals(refused.pageId()), "the same authenticator twice: " + refused.body());
        WebClient.Page second = hostile.post(refused.formAction("pkf-create-form"),
                HttpFlows.attestation(refused, new SoftAuthenticator(), "Laptop" + HOSTILE.substring("https://evil.example".length())));
        assertTrue(second.status() < 500, second.body());
        assertEquals(2, realm.resource.users().get(id).credentials().size(), second.body());
        // signs in with it in a fresh browser of the same kind, then fails once (a forged signature)
        RawBrowser fresh = new RawBrowser(hostile.userAgent);
        WebClient.Page login2 = fresh.get(realm.authUrl());
        WebClient.Page in = fresh.post(login2.formAction("pkf-assertion-form"), key.get(HttpFlows.rpId(login2), HttpFlows.ORIGIN, HttpFlows.challenge(login2)));
        assertTrue(HttpFlows.signedIn(in), "status " + in.status() + " " + in.body());
        RawBrowser third = new RawBrowser(hostile.userAgent);
        WebClient.Page login3 = third.get(realm.authUrl());
        Map<String, String> forged = key.get(HttpFlows.rpId(login3), HttpFlows.ORIGIN, HttpFlows.challenge(login3));
        forged.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(key.sign(new byte[37], HttpFlows.utf8("{}"))));
        assertRefusedSignIn(third.post(login3.formAction("pkf-assertion-form"), forged));
        assertLogClean(from, "a hostile passkey label and User-Agent");
    }

    /**
     * A browser whose User-Agent holds control characters. java.net.http refuses to send such a
     * header, so this one speaks through HttpURLConnection (which only refuses CR/LF) with a cookie jar
     * of its own; the server sees exactly what a hand-written request would send.
     */
    private final class RawBrowser {
        final String userAgent;
        final Map<String, String> cookies = new LinkedHashMap<>();

        RawBrowser(String userAgent) {
            this.userAgent = userAgent;
        }

        WebClient.Page get(String url) {
            return follow(send("GET", url, null));
        }

        WebClient.Page post(String url, Map<String, String> form) {
            return follow(send("POST", url, WebClient.encode(form)));
        }

        private WebClient.Page follow(WebClient.Page p) {
            for (int hops = 0; (p.status() == 302 || p.status() == 303) && hops < 10; hops++) {
                URI to = URI.create(p.url()).resolve(p.location());
                if (!to.getAuthority().equals(URI.create(p.url()).getAuthority())) break;
                p = send("GET", to.toString(), null);
            }
            return p;
        }

        private WebClient.Page send(String method, String url, String body) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
                c.setInstanceFollowRedirects(false);
                c.setRequestMethod(method);
                c.setConnectTimeout(5000);
                c.setReadTimeout(60_000);
                c.setRequestProperty("User-Agent", userAgent);
                c.setRequestProperty("Accept-Language", "en");
                if (!cookies.isEmpty()) {
                    c.setRequestProperty("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("; ")));
                }
                if (body != null) {
                    c.setDoOutput(true);
                    c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
                    c.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
                }
                int status = c.getResponseCode();
                Map<String, List<String>> headers = new LinkedHashMap<>();
                c.getHeaderFields().forEach((k, v) -> {
                    if (k != null) headers.put(k.toLowerCase(), v);
                });
                for (String h : headers.getOrDefault("set-cookie", List.of())) {
                    for (HttpCookie cookie : HttpCookie.parse(h)) {
                        if (cookie.getMaxAge() == 0 || cookie.getValue().isEmpty()) cookies.remove(cookie.getName());
                        else cookies.put(cookie.getName(), cookie.getValue());
                    }
                }
                InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
                String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new WebClient.Page(status, url, text, headers);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The create-passkey page from an admin's "execute actions" email, as HttpFlows.createPage reaches it. */
        WebClient.Page createPage(String id, String mail) {
            mailbox.purge();
            realm.resource.users().get(id).executeActionsEmail(List.of(ProviderIds.CREATE_PASSKEY));
            Mailbox.Mail m = mailbox.await(x -> x.to().contains(mail), Duration.ofSeconds(20))
                    .orElseThrow(() -> new AssertionError("no execute-actions email for " + mail));
            WebClient.Page page = get(m.links().stream().filter(l -> l.contains("action-token")).findFirst().orElseThrow());
            if ("login-info".equals(page.pageId())) page = get(page.doc().select("a[href*=login-actions]").attr("href"));
            assertEquals(Pages.id(Pages.CREATE_PASSKEY), page.pageId(), page.status() + " " + page.body());
            return page;
        }
    }
}
