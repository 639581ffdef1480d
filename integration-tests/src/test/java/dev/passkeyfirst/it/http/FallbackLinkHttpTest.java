package dev.passkeyfirst.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.passkeyfirst.it.harness.KeycloakServer;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.it.harness.Tokens;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Keycloak's legacy client-initiated account linking ({@code /broker/{alias}/link}) checks roles in
 * the database, not the session's token: a fallback session could link an identity provider of the
 * attacker's there. A second realm on the same server is the identity provider; the test links an
 * account of it from a fallback session (undone) and from a passkey session (kept).
 */
class FallbackLinkHttpTest extends ServerTest {

    private static final String ALIAS = "other";
    private static final String SECRET = "broker-secret";
    private String idpRealm;

    @BeforeAll
    void identityProvider() {
        idpRealm = realm.name + "-idp";
        RealmRepresentation idp = new RealmRepresentation();
        idp.setRealm(idpRealm);
        idp.setEnabled(true);
        ClientRepresentation broker = new ClientRepresentation();
        broker.setClientId("broker");
        broker.setSecret(SECRET);
        broker.setPublicClient(false);
        broker.setStandardFlowEnabled(true);
        broker.setRedirectUris(List.of(KeycloakServer.URL + "/realms/" + realm.name + "/broker/" + ALIAS + "/endpoint"));
        idp.setClients(List.of(broker));
        idp.setUsers(List.of(idpUser("alice"), idpUser("bob")));
        server.admin().realms().create(idp);

        IdentityProviderRepresentation provider = new IdentityProviderRepresentation();
        provider.setAlias(ALIAS);
        provider.setProviderId("oidc");
        provider.setEnabled(true);
        String base = KeycloakServer.URL + "/realms/" + idpRealm + "/protocol/openid-connect";
        provider.setConfig(Map.of("authorizationUrl", base + "/auth", "tokenUrl", base + "/token", "clientId", "broker",
                "clientSecret", SECRET, "clientAuthMethod", "client_secret_post", "defaultScope", "openid", "syncMode", "IMPORT"));
        try (var r = realm.resource.identityProviders().create(provider)) {
            assertEquals(201, r.getStatus(), r.readEntity(String.class));
        }
    }

    @AfterAll
    void dropIdentityProvider() {
        if (idpRealm != null) server.admin().realm(idpRealm).remove();
    }

    private static UserRepresentation idpUser(String name) {
        UserRepresentation u = new UserRepresentation();
        u.setUsername(name);
        u.setEmail(name + "@idp.example");
        u.setEmailVerified(true);
        u.setFirstName(name);
        u.setLastName("Idp");
        u.setEnabled(true);
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(name + "-password");
        password.setTemporary(false);
        u.setCredentials(List.of(password));
        return u;
    }

    /** The legacy linking request an application would build, then the identity provider's login. */
    private void link(WebClient browser, String sessionId, String idpUser) throws Exception {
        String nonce = UUID.randomUUID().toString();
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest((nonce + sessionId + TestRealm.CLIENT_ID + ALIAS).getBytes(StandardCharsets.UTF_8));
        String hash = Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        WebClient.Page login = browser.get(KeycloakServer.URL + "/realms/" + realm.name + "/broker/" + ALIAS + "/link?client_id="
                + TestRealm.CLIENT_ID + "&redirect_uri=" + URLEncoder.encode(TestRealm.REDIRECT, StandardCharsets.UTF_8)
                + "&nonce=" + nonce + "&hash=" + hash);
        assertTrue(login.url().contains("/realms/" + idpRealm + "/"), "at the identity provider's login: " + login.url() + "\n" + login.body());
        WebClient.Page back = browser.post(login.formAction("kc-form-login"), Map.of("username", idpUser, "password", idpUser + "-password"));
        assertTrue(back.status() < 500, back.status() + " " + back.body());
        assertTrue(back.location().startsWith(TestRealm.REDIRECT), "back at the application: " + back.status() + " " + back.location() + "\n" + back.body());
    }

    private int links(String userId) {
        return realm.resource.users().get(userId).getFederatedIdentity().size();
    }

    @Test
    void aFallbackSessionCannotLinkAnIdentityProviderThroughLegacyLinking() throws Exception {
        String email = "linker@example.org";
        String userId = realm.createUser(email);
        WebClient browser = new WebClient();
        WebClient.Page done = HttpFlows.signInByLink(browser, realm, mailbox, email);
        assertTrue(HttpFlows.signedIn(done), done.body());
        String sid = Tokens.exchange(realm, done.location()).get("sid").asText();

        link(browser, sid, "alice");
        assertEquals(0, links(userId), "the link made by a fallback session was undone");
    }

    @Test
    void aPasskeySessionLinksAsKeycloakWouldAsTheControlCase() throws Exception {
        String email = "passkey-linker@example.org";
        String userId = realm.createUser(email);
        SoftAuthenticator key = new SoftAuthenticator();
        assertTrue(HttpFlows.register(realm, mailbox, userId, email, key).status() < 400);
        WebClient browser = new WebClient();
        WebClient.Page signedIn = HttpFlows.signIn(browser, realm, key);
        assertTrue(HttpFlows.signedIn(signedIn), signedIn.body());
        String sid = Tokens.exchange(realm, signedIn.location()).get("sid").asText();

        link(browser, sid, "bob");
        assertEquals(1, links(userId), "a passkey session's link stays");
    }
}
