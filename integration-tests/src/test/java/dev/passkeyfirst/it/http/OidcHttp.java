package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passkeyfirst.it.harness.DPoP;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.mailbox.Mailbox;
import dev.passkeyfirst.testsupport.WebClient;
import jakarta.ws.rs.core.Response;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * What an application (or an attacker holding a session's cookies and tokens) does over plain HTTP
 * against Keycloak's own OAuth and REST endpoints: the token endpoint with any grant, bearer calls,
 * and the sign-ins that make a fallback session. Shared by the tests of fallback sessions' limits.
 */
final class OidcHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    private OidcHttp() {
    }

    /** A POST of a form to any URL, without cookies: what a client or a script does at the token endpoint. */
    static HttpResponse<String> postForm(String url, Map<String, String> form) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(WebClient.encode(form))));
    }

    static HttpResponse<String> token(TestRealm realm, Map<String, String> form) {
        return postForm(realm.baseUrl + "/realms/" + realm.name + "/protocol/openid-connect/token", form);
    }

    /** The authorization code in {@code callbackUrl} exchanged by {@code clientId} (public, or with its secret). */
    static HttpResponse<String> codeToToken(TestRealm realm, String clientId, String secret, String redirectUri, String callbackUrl) {
        Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", "authorization_code", "code", codeOf(callbackUrl),
                "redirect_uri", redirectUri, "client_id", clientId, "code_verifier", TestRealm.PKCE_VERIFIER));
        if (secret != null) form.put("client_secret", secret);
        return token(realm, form);
    }

    static HttpResponse<String> bearer(String method, String url, String accessToken, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/json");
        if (json != null) b.header("Content-Type", "application/json");
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return send(b);
    }

    /** The same with a DPoP-bound token: {@code Authorization: DPoP} and a proof of the key for this request. */
    static HttpResponse<String> dpop(String method, String url, String accessToken, String json, DPoP key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "DPoP " + accessToken)
                .header("DPoP", key.proof(method, url, accessToken)).header("Accept", "application/json");
        if (json != null) b.header("Content-Type", "application/json");
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return send(b);
    }

    /** A request carrying each of {@code authorizations} as an Authorization header of its own. */
    static HttpResponse<String> authorizedBy(String method, String url, List<String> authorizations) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json");
        authorizations.forEach(a -> b.header("Authorization", a));
        b.method(method, HttpRequest.BodyPublishers.noBody());
        return send(b);
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.uri() + ": " + r.body());
        return json(r.body());
    }

    /** A JWT's claims, unverified: the tests read what the server issued to them. */
    static JsonNode claims(String jwt) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String codeOf(String url) {
        String query = URI.create(url).getRawQuery();
        if (query != null) {
            for (String part : query.split("&")) {
                if (part.startsWith("code=")) return java.net.URLDecoder.decode(part.substring(5), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no code in " + url);
    }

    /** The test client's authorization URL, for another client of the realm with the same redirect. */
    static String authUrl(TestRealm realm, String clientId, String scope) {
        return realm.authUrl().replace("client_id=" + TestRealm.CLIENT_ID, "client_id=" + clientId)
                .replace("scope=openid", "scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8));
    }

    /**
     * "Email me a sign-in link" started at {@code authUrl} in {@code browser}, the link from the
     * mailbox opened and confirmed in the same browser: the session it makes is a fallback session.
     * Returns the page the confirmation ended on (a redirect to the client with a code when it worked).
     */
    static WebClient.Page signInByLink(WebClient browser, String authUrl, Mailbox mailbox, String email) {
        mailbox.purge();
        WebClient.Page login = browser.get(authUrl);
        assertEquals(Pages.id(Pages.LOGIN), login.pageId(), login.body());
        WebClient.Page identify = browser.get(login.doc().getElementById("pkf-sign-in-link").absUrl("href"));
        assertEquals(Pages.id(Pages.RECOVERY), identify.pageId(), identify.body());
        browser.post(identify.formAction("pkf-identify-form"), Map.of("identifier", email));
        String link = mailbox.await(m -> m.to().contains(email) && m.subject().contains("Your sign-in link"), Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no sign-in link for " + email)).links().stream()
                .filter(l -> l.contains("/passkey-first/sign-in/")).findFirst().orElseThrow();
        WebClient.Page confirm = browser.get(link);
        assertEquals(200, confirm.status(), confirm.body());
        WebClient.Page done = browser.post(confirm.formAction("pkf-link-form"),
                Map.of("binding", confirm.doc().selectFirst("input[name=binding]").attr("value")));
        assertTrue(done.status() == 302 && done.location().contains("code="),
                "the sign-in link signed in: " + done.status() + " " + done.location() + "\n" + done.body());
        return done;
    }

    /** Makes the realm's email sign-in link work for accounts that hold a passkey too (off in the demo). */
    static void signInLinkAlsoWithPasskey(RealmRepresentation rep) {
        setRecoveryOption(rep, dev.passkeyfirst.keycloak.recovery.RecoveryConfigProperties.SIGN_IN_LINK_WITH_PASSKEY, "true");
    }

    static void setRecoveryOption(RealmRepresentation rep, String key, String value) {
        AuthenticatorConfigRepresentation recovery = rep.getAuthenticatorConfig().stream()
                .filter(c -> "pkf-recovery".equals(c.getAlias())).findFirst().orElseThrow();
        Map<String, String> config = new LinkedHashMap<>(recovery.getConfig());
        config.put(key, value);
        recovery.setConfig(config);
    }

    /** Creates a client through the admin API; returns its id (uuid). */
    static String createClient(TestRealm realm, ClientRepresentation client) {
        try (Response r = realm.resource.clients().create(client)) {
            assertEquals(201, r.getStatus(), "client " + client.getClientId() + ": " + r.readEntity(String.class));
            String location = r.getLocation().toString();
            return location.substring(location.lastIndexOf('/') + 1);
        }
    }

    static String clientUuid(TestRealm realm, String clientId) {
        return realm.resource.clients().findByClientId(clientId).get(0).getId();
    }

    static String clientScopeId(TestRealm realm, String name) {
        return realm.resource.clientScopes().findAll().stream().filter(s -> name.equals(s.getName()))
                .map(ClientScopeRepresentation::getId).findFirst().orElseThrow(() -> new AssertionError("no client scope " + name));
    }

    /** Moves offline_access from the client's optional scopes to its default ones: every token request then asks for it. */
    static void offlineAccessAsDefaultScope(TestRealm realm, String clientUuid) {
        String offline = clientScopeId(realm, "offline_access");
        var client = realm.resource.clients().get(clientUuid);
        if (client.getOptionalClientScopes().stream().anyMatch(s -> s.getId().equals(offline))) client.removeOptionalClientScope(offline);
        client.addDefaultClientScope(offline);
        assertTrue(client.getDefaultClientScopes().stream().anyMatch(s -> s.getId().equals(offline)), "offline_access is a default scope");
    }

    /**
     * The answer of a token request holds no offline token: either a refusal, or tokens whose refresh
     * token is an ordinary one (typ "Refresh", bound to the browser's session), never typ "Offline".
     */
    static void assertNoOfflineToken(HttpResponse<String> r, String what) {
        assertTrue(r.statusCode() < 500, what + ": " + r.statusCode() + " " + r.body());
        if (r.statusCode() != 200) return;
        JsonNode tokens = json(r.body());
        if (tokens.hasNonNull("refresh_token")) {
            JsonNode refresh = claims(tokens.get("refresh_token").asText());
            assertFalse("Offline".equals(refresh.path("typ").asText()),
                    what + ": a fallback session was given an offline token (refresh token typ Offline, scope \""
                            + tokens.path("scope").asText() + "\")");
        }
    }

    /** Whether the user holds an offline session at any client of the realm, listed per client. */
    static List<String> offlineSessions(TestRealm realm, String userId) {
        List<String> found = new ArrayList<>();
        for (ClientRepresentation c : realm.resource.clients().findAll()) {
            int n = realm.resource.users().get(userId).getOfflineSessions(c.getId()).size();
            if (n > 0) found.add(c.getClientId() + ": " + n);
        }
        return found;
    }
}
