package dev.passkeyfirst.it.http;

import static dev.passkeyfirst.it.http.OidcHttp.assertNoOfflineToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;

/**
 * Issue 16, finding 3: a fallback session (here made by the email sign-in link, as on the demo)
 * never gets an offline token, whatever grant issues it (DESIGN §5: it cannot "obtain
 * offline_access"). The guard in the browser flow strips offline_access from the authentication
 * session only; the token endpoint adds a client's default offline_access scope at code-to-token,
 * and the device grant builds its tokens from the device code's own scope. Each test checks the
 * token answer and, through the admin API, that no offline session exists for the user.
 */
class FallbackTokensTest extends ServerTest {

    /** Public client whose default scopes include offline_access: every token it gets asks for one. */
    static final String OFFLINE_DEFAULT = "pkf-offline-default";
    /** Public client with the OAuth 2.0 device authorization grant on. */
    static final String DEVICE = "pkf-device";
    /** Confidential clients allowed Keycloak's standard token exchange (V2), refresh tokens included; the second holds offline_access as a default scope. */
    static final String EXCHANGER = "pkf-exchanger";
    static final String EXCHANGER_OFFLINE = "pkf-exchanger-offline";
    static final String EXCHANGER_SECRET = "exchanger-secret-0123456789abcdef";

    static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
    static final String REFRESH_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:refresh_token";

    private int users;

    @BeforeAll
    void clients() {
        ClientRepresentation offline = new ClientRepresentation();
        offline.setClientId(OFFLINE_DEFAULT);
        offline.setPublicClient(true);
        offline.setStandardFlowEnabled(true);
        offline.setRedirectUris(List.of(TestRealm.REDIRECT));
        OidcHttp.offlineAccessAsDefaultScope(realm, OidcHttp.createClient(realm, offline));

        ClientRepresentation device = new ClientRepresentation();
        device.setClientId(DEVICE);
        device.setPublicClient(true);
        device.setStandardFlowEnabled(false);
        device.setAttributes(Map.of("oauth2.device.authorization.grant.enabled", "true"));
        OidcHttp.createClient(realm, device);

        for (String clientId : List.of(EXCHANGER, EXCHANGER_OFFLINE)) {
            ClientRepresentation exchanger = new ClientRepresentation();
            exchanger.setClientId(clientId);
            exchanger.setPublicClient(false);
            exchanger.setSecret(EXCHANGER_SECRET);
            exchanger.setStandardFlowEnabled(false);
            exchanger.setAttributes(Map.of("standard.token.exchange.enabled", "true",
                    "standard.token.exchange.enableRefreshRequestedTokenType", "SAME_SESSION"));
            String uuid = OidcHttp.createClient(realm, exchanger);
            if (clientId.equals(EXCHANGER_OFFLINE)) OidcHttp.offlineAccessAsDefaultScope(realm, uuid);

            // the test app's access tokens name the exchanger as an audience, as an API behind it would be
            ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
            audience.setName(clientId + " audience");
            audience.setProtocol("openid-connect");
            audience.setProtocolMapper("oidc-audience-mapper");
            audience.setConfig(Map.of("included.client.audience", clientId, "access.token.claim", "true", "introspection.token.claim", "true"));
            try (var r = realm.resource.clients().get(OidcHttp.clientUuid(realm, TestRealm.CLIENT_ID)).getProtocolMappers().createMapper(audience)) {
                assertEquals(201, r.getStatus(), r.readEntity(String.class));
            }
        }
    }

    private String newUser() {
        String email = "tokens" + (++users) + "@example.org";
        realm.createUser(email);
        return email;
    }

    private static void assertLevelOne(HttpResponse<String> tokens) {
        JsonNode id = OidcHttp.claims(OidcHttp.json(tokens).get("id_token").asText());
        assertEquals("1", id.path("acr").asText(), "the session is a level-1 fallback session: " + id);
    }

    private void assertNoOfflineSession(String userId) {
        assertEquals(List.of(), OidcHttp.offlineSessions(realm, userId), "offline sessions recorded for a fallback session's user");
    }

    /** (a) offline_access as a default client scope: code-to-token must not add it for a fallback session. */
    @Test
    void aClientWithOfflineAccessAsADefaultScopeGetsNoOfflineTokenFromAFallbackSession() {
        String email = newUser();
        String userId = realm.user(email).getId();
        WebClient browser = new WebClient();

        // the sign-in by link itself, started by the client
        WebClient.Page done = OidcHttp.signInByLink(browser, OidcHttp.authUrl(realm, OFFLINE_DEFAULT, "openid"), mailbox, email);
        HttpResponse<String> first = OidcHttp.codeToToken(realm, OFFLINE_DEFAULT, null, TestRealm.REDIRECT, done.location());
        if (first.statusCode() == 200) assertLevelOne(first);
        assertNoOfflineToken(first, "code-to-token right after the sign-in link");

        // the same client again from the fallback session's cookie (the guard runs in the browser flow)
        WebClient.Page sso = browser.get(OidcHttp.authUrl(realm, OFFLINE_DEFAULT, "openid"));
        assertTrue(HttpFlows.signedIn(sso), "signed in from the fallback session's cookie: " + sso.status() + " " + sso.location());
        HttpResponse<String> second = OidcHttp.codeToToken(realm, OFFLINE_DEFAULT, null, TestRealm.REDIRECT, sso.location());
        assertNoOfflineToken(second, "code-to-token from the fallback session's cookie");

        // and asking for it explicitly too, which the guard strips from the authentication session
        WebClient.Page asked = browser.get(OidcHttp.authUrl(realm, OFFLINE_DEFAULT, "openid offline_access"));
        assertTrue(HttpFlows.signedIn(asked), asked.status() + " " + asked.location());
        assertNoOfflineToken(OidcHttp.codeToToken(realm, OFFLINE_DEFAULT, null, TestRealm.REDIRECT, asked.location()),
                "code-to-token with scope offline_access asked for");

        // a refresh of whatever ordinary refresh token it got does not turn into an offline one either
        if (first.statusCode() == 200 && OidcHttp.json(first.body()).hasNonNull("refresh_token")) {
            String refresh = OidcHttp.json(first.body()).get("refresh_token").asText();
            assertNoOfflineToken(OidcHttp.token(realm, Map.of("grant_type", "refresh_token", "refresh_token", refresh,
                    "client_id", OFFLINE_DEFAULT)), "refresh of the client's refresh token");
        }
        assertNoOfflineSession(userId);
    }

    /**
     * (b) The device authorization grant: the device asks for offline_access, the user enters the
     * device's code in the browser that holds the fallback session and approves it; the device's
     * polling must not receive an offline token.
     */
    @Test
    void theDeviceGrantApprovedFromAFallbackSessionGetsNoOfflineToken() throws Exception {
        String email = newUser();
        String userId = realm.user(email).getId();
        WebClient browser = new WebClient();
        OidcHttp.signInByLink(browser, realm.authUrl(), mailbox, email);

        JsonNode device = startDeviceAuthorization();
        approveDevice(browser, device);
        HttpResponse<String> polled = pollDeviceToken(device);
        assertNoOfflineToken(polled, "device grant with scope offline_access");
        assertNoOfflineSession(userId);
    }

    /** (c) A fallback session's ordinary refresh token, refreshed with scope=offline_access. */
    @Test
    void refreshingAFallbackSessionsTokenWithOfflineAccessGivesNoOfflineToken() {
        String email = newUser();
        String userId = realm.user(email).getId();
        WebClient browser = new WebClient();
        WebClient.Page done = OidcHttp.signInByLink(browser, realm.authUrl(), mailbox, email);
        HttpResponse<String> tokens = OidcHttp.codeToToken(realm, TestRealm.CLIENT_ID, null, TestRealm.REDIRECT, done.location());
        assertEquals(200, tokens.statusCode(), tokens.body());
        assertNoOfflineToken(tokens, "code-to-token of the test app");
        String refresh = OidcHttp.json(tokens.body()).get("refresh_token").asText();

        for (String scope : List.of("offline_access", "openid offline_access")) {
            assertNoOfflineToken(OidcHttp.token(realm, Map.of("grant_type", "refresh_token", "refresh_token", refresh,
                    "client_id", TestRealm.CLIENT_ID, "scope", scope)), "refresh with scope=" + scope);
        }
        assertNoOfflineToken(OidcHttp.token(realm, Map.of("grant_type", "refresh_token", "refresh_token", refresh,
                "client_id", TestRealm.CLIENT_ID)), "plain refresh");
        assertNoOfflineSession(userId);
    }

    /**
     * (d) Keycloak 26.7's standard token exchange (V2, on by default; enabled per client): a
     * confidential client in the fallback token's audience exchanges it for a refresh token, asking for
     * offline_access and holding it as a default scope. Keycloak itself refuses offline_access in a
     * token exchange; this keeps that true for fallback sessions.
     */
    @Test
    void tokenExchangeOfAFallbackSessionsTokenGivesNoOfflineToken() {
        String email = newUser();
        String userId = realm.user(email).getId();
        WebClient browser = new WebClient();
        WebClient.Page done = OidcHttp.signInByLink(browser, realm.authUrl(), mailbox, email);
        HttpResponse<String> tokens = OidcHttp.codeToToken(realm, TestRealm.CLIENT_ID, null, TestRealm.REDIRECT, done.location());
        String access = OidcHttp.json(tokens).get("access_token").asText();
        assertTrue(OidcHttp.claims(access).path("aud").toString().contains(EXCHANGER_OFFLINE), "the exchangers are audiences: " + OidcHttp.claims(access));


        for (String exchanger : List.of(EXCHANGER, EXCHANGER_OFFLINE)) {
            for (String scope : new String[]{"offline_access", "openid offline_access", null}) {
                assertNoOfflineToken(exchange(exchanger, access, REFRESH_TOKEN_TYPE, scope), exchanger + ": exchange to a refresh token, scope=" + scope);
                assertNoOfflineToken(exchange(exchanger, access, ACCESS_TOKEN_TYPE, scope), exchanger + ": exchange to an access token, scope=" + scope);
            }
        }
        assertNoOfflineSession(userId);
    }

    /**
     * The control case: the same clients give a passkey session its offline tokens, so the tests
     * above look at grants that really issue them.
     */
    @Test
    void aPasskeySessionGetsOfflineTokensFromTheSameClientsAsTheControlCase() throws Exception {
        String email = newUser();
        String userId = realm.user(email).getId();
        SoftAuthenticator key = new SoftAuthenticator();
        assertTrue(HttpFlows.register(realm, mailbox, userId, email, key).status() < 400);
        WebClient browser = new WebClient();
        WebClient.Page login = browser.get(OidcHttp.authUrl(realm, OFFLINE_DEFAULT, "openid"));
        WebClient.Page signedIn = browser.post(login.formAction("pkf-assertion-form"),
                key.get(HttpFlows.rpId(login), login.origin(), HttpFlows.challenge(login)));
        assertTrue(HttpFlows.signedIn(signedIn), signedIn.status() + " " + signedIn.body());
        JsonNode tokens = OidcHttp.json(OidcHttp.codeToToken(realm, OFFLINE_DEFAULT, null, TestRealm.REDIRECT, signedIn.location()));
        assertEquals("Offline", OidcHttp.claims(tokens.get("refresh_token").asText()).path("typ").asText(),
                "a default offline_access scope gives a passkey session an offline token");

        // the device approved in a browser of its own: Keycloak ends the online session above when it
        // issues that session's only client an offline token, so its cookie no longer signs in
        WebClient other = new WebClient();
        assertTrue(HttpFlows.signedIn(HttpFlows.signIn(other, realm, key)));
        JsonNode device = startDeviceAuthorization();
        approveDevice(other, device);
        JsonNode deviceTokens = OidcHttp.json(pollDeviceToken(device));
        assertEquals("Offline", OidcHttp.claims(deviceTokens.get("refresh_token").asText()).path("typ").asText(),
                "the device grant gives a passkey session an offline token");
        assertTrue(!OidcHttp.offlineSessions(realm, userId).isEmpty(), "offline sessions are visible to the admin API");

        // token exchange is on for the exchanger and takes the test app's token (Keycloak refuses
        // offline_access in an exchange for everyone: no offline control there)
        WebClient.Page app = HttpFlows.signIn(new WebClient(), realm, key);
        assertTrue(HttpFlows.signedIn(app), app.status() + " " + app.location());
        String access = OidcHttp.json(OidcHttp.codeToToken(realm, TestRealm.CLIENT_ID, null, TestRealm.REDIRECT, app.location()))
                .get("access_token").asText();
        HttpResponse<String> exchanged = exchange(EXCHANGER, access, REFRESH_TOKEN_TYPE, "openid");
        assertEquals(200, exchanged.statusCode(), "the standard token exchange works here: " + exchanged.body());
        assertEquals("Refresh", OidcHttp.claims(OidcHttp.json(exchanged.body()).get("refresh_token").asText()).path("typ").asText());
    }


    private JsonNode startDeviceAuthorization() {
        HttpResponse<String> r = OidcHttp.postForm(realm.baseUrl + "/realms/" + realm.name + "/protocol/openid-connect/auth/device",
                Map.of("client_id", DEVICE, "scope", "openid offline_access"));
        JsonNode device = OidcHttp.json(r);
        assertTrue(device.hasNonNull("device_code") && device.hasNonNull("user_code"), r.body());
        return device;
    }

    /** The user types the device's code on Keycloak's device page in {@code browser}, then consents. */
    private void approveDevice(WebClient browser, JsonNode device) {
        WebClient.Page entry = browser.get(device.get("verification_uri").asText());
        assertEquals(200, entry.status(), entry.body());
        var form = entry.doc().selectFirst("form:has(input[name=device_user_code])");
        assertTrue(form != null, "Keycloak's user code page: " + entry.pageId() + "\n" + entry.body());
        // a browser's Accept header: Keycloak serves the device authorization request (JSON) and this
        // form's POST on the same path, and picks the form by what the request accepts
        WebClient.Page next = browser.withHeader("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .post(form.absUrl("action"), Map.of("device_user_code", device.get("user_code").asText()));
        var consent = next.doc().selectFirst("form[action*=consent]");
        if (consent != null) {
            // the device grant always asks for consent (RFC 8628 §5.4); accept what it shows
            Map<String, String> fields = new LinkedHashMap<>();
            consent.select("input[type=hidden][name]").forEach(i -> fields.put(i.attr("name"), i.attr("value")));
            fields.put("accept", "Yes");
            next = browser.post(consent.absUrl("action"), fields);
        }
        assertTrue(next.status() < 400 && next.body().contains("Device Login Successful"),
                "device approved: " + next.status() + " " + next.pageId() + "\n" + next.body());
    }

    private HttpResponse<String> pollDeviceToken(JsonNode device) throws InterruptedException {
        long interval = Math.max(1, device.path("interval").asLong(5));
        HttpResponse<String> r = null;
        for (int i = 0; i < 6; i++) {
            r = OidcHttp.token(realm, Map.of("grant_type", DEVICE_GRANT, "device_code", device.get("device_code").asText(),
                    "client_id", DEVICE));
            String error = r.statusCode() == 200 ? "" : OidcHttp.json(r.body()).path("error").asText();
            if (!error.equals("authorization_pending") && !error.equals("slow_down")) return r;
            Thread.sleep(interval * 1000);
        }
        throw new AssertionError("the device's approval never reached the token endpoint: " + r.body());
    }

    private HttpResponse<String> exchange(String exchanger, String subjectToken, String requestedType, String scope) {
        Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", TOKEN_EXCHANGE, "client_id", exchanger,
                "client_secret", EXCHANGER_SECRET, "subject_token", subjectToken, "subject_token_type", ACCESS_TOKEN_TYPE,
                "requested_token_type", requestedType));
        if (scope != null) form.put("scope", scope);
        return OidcHttp.token(realm, form);
    }
}
