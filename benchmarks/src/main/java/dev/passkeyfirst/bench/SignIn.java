package dev.passkeyfirst.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import dev.passkeyfirst.testsupport.WebClient.Page;

/**
 * One sign-in as a browser and its application perform it: a fresh cookie jar, the authorization
 * request with PKCE (S256), state and nonce, the pages in between, the redirect back with the code,
 * and the application's code-for-token exchange. It ends with an access token or a {@link SignInFailure}.
 */
final class SignIn {

    /** The application's redirect URI; never contacted: the browser's redirect is where the code is read. */
    static final String APP_CALLBACK = "http://127.0.0.1:28099/callback";

    /** Our page after a passkey sign-in that tells the browser's Signal API what the account holds. */
    static final String SIGNAL_PAGE = "login-pkf-login-signal";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64U = Base64.getUrlEncoder().withoutPadding();
    private static final ObjectMapper JSON = new ObjectMapper();

    WebClient browser;
    final String origin;
    final HttpClient http;
    private final String realm;
    private final String clientId;
    private final String verifier = random(32);
    private final String state = random(16);

    SignIn(HttpClient http, String origin, String realm, String clientId) {
        this.http = http;
        this.browser = new WebClient(http, WebClient.CHROME);
        this.origin = origin;
        this.realm = realm;
        this.clientId = clientId;
    }

    /**
     * Carries over what a real browser keeps between sign-ins (our long-lived cookies, never the
     * session's): each sign-in is otherwise a fresh cookie jar.
     */
    void recall(BenchUser user) {
        if (user.lastBrowser == null) return;
        for (String name : new String[]{"PKF_DEVICE", "PKF_KNOWN"}) browser.copyCookie(user.lastBrowser, name);
    }

    void remember(BenchUser user) {
        user.lastBrowser = browser;
    }

    /** GET the authorization endpoint as the application's redirect would, following Keycloak's own redirects. */
    Page authorize(String extraQuery) {
        String challenge = B64U.encodeToString(SoftAuthenticator.sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
        return browser.get(origin + "/realms/" + realm + "/protocol/openid-connect/auth?client_id=" + clientId
                + "&response_type=code&scope=openid&redirect_uri=" + URLEncoder.encode(APP_CALLBACK, StandardCharsets.UTF_8)
                + "&state=" + state + "&nonce=" + random(16)
                + "&code_challenge=" + challenge + "&code_challenge_method=S256" + extraQuery);
    }

    Page authorize() {
        return authorize("");
    }

    /** The page must be the one the step expects, else the sign-in failed there. */
    static Page expect(Page page, String pageId, String step) throws SignInFailure {
        if (page.status() != 200 || !pageId.equals(page.pageId())) throw new SignInFailure(step + ": " + describe(page, pageId));
        return page;
    }

    /** Whether this sign-in went through our Signal API page (an extra page and POST). */
    boolean signalPage;

    /** The timed part of an operation that times only part of itself (nanoseconds); -1: the whole operation is timed. */
    long timedNanos = -1;

    /** This browser from here on behind a proxy that names it by this address (Keycloak reads X-Forwarded-For). */
    void forwardedFor(String address) {
        browser = browser.withHeader("X-Forwarded-For", address);
    }

    /**
     * The answer to the last POST must send the browser back to the application with a code; the application then
     * redeems it. Our Signal API page on the way is passed as pkf-signal.js passes it: its continue button, posted.
     */
    void finish(Page answer, String step) throws SignInFailure {
        if (answer.status() == 200 && SIGNAL_PAGE.equals(answer.pageId())) {
            signalPage = true;
            answer = browser.post(answer.formAction("pkf-continue-form"), Map.of("pkf.continue", "1"));
            step = step + ", then the Signal API page's continue";
        }
        String location = answer.location();
        if (answer.status() != 302 || !location.startsWith(APP_CALLBACK)) {
            throw new SignInFailure(step + ": " + describe(answer, "a redirect to the application"));
        }
        Map<String, String> query = query(URI.create(location).getRawQuery());
        if (!state.equals(query.get("state"))) throw new SignInFailure(step + ": redirect without our state");
        String code = query.get("code");
        if (code == null) throw new SignInFailure(step + ": redirect without a code (" + query.getOrDefault("error", "no error") + ")");
        exchange(code);
    }

    private void exchange(String code) throws SignInFailure {
        String body = WebClient.encode(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", APP_CALLBACK,
                "client_id", clientId, "code_verifier", verifier));
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(URI.create(origin + "/realms/" + realm + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SignInFailure("token exchange: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignInFailure("token exchange: interrupted");
        }
        if (r.statusCode() != 200) throw new SignInFailure("token exchange: HTTP " + r.statusCode() + " " + errorOf(r.body()));
        JsonNode tokens;
        try {
            tokens = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new SignInFailure("token exchange: not JSON");
        }
        JsonNode access = tokens.get("access_token");
        if (access == null || access.asText().isEmpty()) throw new SignInFailure("token exchange: no access token");
    }

    static String describe(Page page, String wanted) {
        String error = page.status() == 200 && page.body().contains("<body") ? page.error() : null;
        String where = page.status() == 302 ? "302 to " + page.location().replaceAll("\\?.*", "") : page.status() + " page " + page.pageId();
        return "expected " + wanted + ", got " + where + (error == null ? "" : " (\"" + error + "\")");
    }

    private static String errorOf(String json) {
        try {
            JsonNode e = JSON.readTree(json).get("error");
            return e == null ? "" : e.asText();
        } catch (IOException notJson) {
            return "";
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) return out;
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0) out.put(part.substring(0, eq), URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return B64U.encodeToString(b);
    }
}
