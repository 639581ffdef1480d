package dev.passkeyfirst.it.http;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passkeyfirst.it.harness.DPoP;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.it.harness.Tokens;
import dev.passkeyfirst.keycloak.account.Recoveries;
import dev.passkeyfirst.keycloak.recovery.AccountProofs;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Issue 16, finding 4: Keycloak's admin REST API checks an administrator's roles in the database,
 * not in the token, so a user who holds realm-management roles and signed in through a fallback
 * session (here the email sign-in link) could change their own account there: delete its passkeys,
 * move its email, lift the "this wasn't me" freeze, point its phone elsewhere, set a password, link an
 * identity provider. DESIGN §5: a fallback session changes none of that. Each refusal must be a 403
 * that changed nothing; reading its own user still works, and a passkey session of the same user
 * may still do all of it (the control case).
 */
class FallbackAdminApiTest extends ServerTest {

    private static final String IDP = "other-idp";
    private int users;

    @Override
    protected TestRealm createRealm() {
        TestRealm r = TestRealm.create(server, mailbox.smtpPort(), OidcHttp::signInLinkAlsoWithPasskey);
        // admins may edit attributes the user profile does not declare, such as our freeze mark
        r.allowAdminAttributes();
        return r;
    }

    @BeforeAll
    void identityProvider() {
        // an identity provider an attacker could link to the account (it need not work for the link to be stored)
        IdentityProviderRepresentation provider = new IdentityProviderRepresentation();
        provider.setAlias(IDP);
        provider.setProviderId("oidc");
        provider.setEnabled(true);
        provider.setConfig(Map.of("authorizationUrl", "https://idp.example/auth", "tokenUrl", "https://idp.example/token",
                "clientId", "x", "clientSecret", "y", "clientAuthMethod", "client_secret_post"));
        try (var r = realm.resource.identityProviders().create(provider)) {
            assertEquals(201, r.getStatus(), r.readEntity(String.class));
        }
    }

    private record Admin(String email, String id, SoftAuthenticator passkey, String passkeyCredentialId) {
    }

    /** A user with a passkey, a verified phone and the realm-management roles manage-users and view-users. */
    private Admin admin() {
        String email = "admin" + (++users) + "@example.org";
        String id = realm.createUser(email);
        SoftAuthenticator key = new SoftAuthenticator();
        assertTrue(HttpFlows.register(realm, mailbox, id, email, key).status() < 400);
        realm.setPhone(id, "+15550000" + (100 + users));
        String management = OidcHttp.clientUuid(realm, "realm-management");
        List<RoleRepresentation> roles = List.of(
                realm.resource.clients().get(management).roles().get("manage-users").toRepresentation(),
                realm.resource.clients().get(management).roles().get("view-users").toRepresentation());
        realm.resource.users().get(id).roles().clientLevel(management).add(roles);
        String credential = realm.resource.users().get(id).credentials().stream()
                .filter(c -> c.getType().equals("webauthn-passwordless")).findFirst().orElseThrow().getId();
        return new Admin(email, id, key, credential);
    }

    /** The test app's access token from a session made by the email sign-in link: a fallback session. */
    private String fallbackToken(Admin a) {
        WebClient.Page done = OidcHttp.signInByLink(new WebClient(), realm.authUrl(), mailbox, a.email());
        var tokens = Tokens.response(realm, done.location(), realm.baseUrl);
        assertEquals("1", Tokens.claims(tokens.get("id_token").asText()).path("acr").asText(), "a level-1 fallback session");
        return tokens.get("access_token").asText();
    }

    private String passkeyToken(Admin a) {
        WebClient.Page signedIn = HttpFlows.signIn(new WebClient(), realm, a.passkey());
        assertTrue(HttpFlows.signedIn(signedIn), signedIn.body());
        return Tokens.response(realm, signedIn.location(), realm.baseUrl).get("access_token").asText();
    }

    private String userUrl(String id) {
        return realm.baseUrl + "/admin/realms/" + realm.name + "/users/" + id;
    }

    private UserRepresentation stored(Admin a) {
        return realm.resource.users().get(a.id()).toRepresentation();
    }

    /** The user's own representation as the admin API returns it, with one change. */
    private String withChange(Admin a, java.util.function.Consumer<ObjectNode> change) {
        ObjectNode rep = OidcHttp.JSON.valueToTree(stored(a));
        change.accept(rep);
        return rep.toString();
    }

    private static void assertRefused(HttpResponse<String> r, String what) {
        assertEquals(403, r.statusCode(), what + " through the admin API from a fallback session: " + r.statusCode() + " " + r.body());
    }

    private static void assertAllowed(HttpResponse<String> r, String what) {
        assertTrue(r.statusCode() >= 200 && r.statusCode() < 300, what + " from a passkey session: " + r.statusCode() + " " + r.body());
    }

    @Test
    void aFallbackSessionStillReadsItsOwnUser() {
        Admin a = admin();
        String token = fallbackToken(a);
        HttpResponse<String> me = OidcHttp.bearer("GET", userUrl(a.id()), token, null);
        assertEquals(200, me.statusCode(), me.body());
        assertEquals(a.email(), OidcHttp.json(me.body()).path("email").asText());
        assertEquals(200, OidcHttp.bearer("GET", userUrl(a.id()) + "/credentials", token, null).statusCode());
    }

    @Test
    void aFallbackSessionCannotDeleteItsOwnPasskey() {
        Admin a = admin();
        String token = fallbackToken(a);
        HttpResponse<String> r = OidcHttp.bearer("DELETE", userUrl(a.id()) + "/credentials/" + a.passkeyCredentialId(), token, null);
        assertAll(() -> assertRefused(r, "deleting its own passkey"),
                () -> assertTrue(realm.resource.users().get(a.id()).credentials().stream().anyMatch(c -> c.getId().equals(a.passkeyCredentialId())),
                        "the passkey is still there"));
    }

    @Test
    void aFallbackSessionCannotChangeItsOwnEmail() {
        Admin a = admin();
        String token = fallbackToken(a);
        HttpResponse<String> r = OidcHttp.bearer("PUT", userUrl(a.id()), token, withChange(a, rep -> rep.put("email", "thief-" + users + "@example.net")));
        assertAll(() -> assertRefused(r, "changing its own email"),
                () -> assertEquals(a.email(), stored(a).getEmail(), "the email is unchanged"));
    }

    @Test
    void aFallbackSessionCannotLiftTheFreezeNorMoveThePhone() {
        Admin a = admin();
        String token = fallbackToken(a);
        // the owner said "this wasn't me" while the attacker holds the fallback session
        setAttribute(a, Recoveries.FROZEN, "true");
        HttpResponse<String> unfreeze = OidcHttp.bearer("PUT", userUrl(a.id()), token,
                withChange(a, rep -> ((ObjectNode) rep.get("attributes")).remove(Recoveries.FROZEN)));
        List<String> frozen = stored(a).getAttributes().get(Recoveries.FROZEN);

        String phone = stored(a).getAttributes().get(AccountProofs.PHONE).get(0);
        HttpResponse<String> move = OidcHttp.bearer("PUT", userUrl(a.id()), token,
                withChange(a, rep -> ((ObjectNode) rep.get("attributes")).putArray(AccountProofs.PHONE).add("+15559999999")));
        List<String> phoneAfter = stored(a).getAttributes().get(AccountProofs.PHONE);
        assertAll(() -> assertRefused(unfreeze, "removing the attribute " + Recoveries.FROZEN),
                () -> assertEquals(List.of("true"), frozen, "still frozen"),
                () -> assertRefused(move, "moving its own verified phone (an SMS recovery proof) to another number"),
                () -> assertEquals(List.of(phone), phoneAfter, "the phone is unchanged"));
    }

    @Test
    void aFallbackSessionCannotSetItsOwnPassword() {
        Admin a = admin();
        String token = fallbackToken(a);
        HttpResponse<String> r = OidcHttp.bearer("PUT", userUrl(a.id()) + "/reset-password", token,
                "{\"type\":\"password\",\"value\":\"attacker-password-1\",\"temporary\":false}");
        assertAll(() -> assertRefused(r, "setting its own password"),
                () -> assertTrue(realm.resource.users().get(a.id()).credentials().stream().noneMatch(c -> c.getType().equals(CredentialRepresentation.PASSWORD)),
                        "no password was stored"));
    }

    @Test
    void aFallbackSessionCannotLinkAnIdentityProviderToItself() {
        Admin a = admin();
        String token = fallbackToken(a);
        HttpResponse<String> r = OidcHttp.bearer("POST", userUrl(a.id()) + "/federated-identity/" + IDP, token,
                "{\"identityProvider\":\"" + IDP + "\",\"userId\":\"attacker\",\"userName\":\"attacker\"}");
        assertAll(() -> assertRefused(r, "linking an identity provider"),
                () -> assertEquals(List.of(), realm.resource.users().get(a.id()).getFederatedIdentity(), "no identity provider linked"));
    }

    /** Nor anyone else's: an administrator who got in by a fallback changes no account at all. */
    @Test
    void aFallbackSessionCannotChangeAnotherUser() {
        Admin a = admin();
        String otherEmail = "other" + users + "@example.org";
        String other = realm.createUser(otherEmail);
        String token = fallbackToken(a);
        var rep = OidcHttp.JSON.valueToTree(realm.resource.users().get(other).toRepresentation());
        ((ObjectNode) rep).put("email", "thief-other-" + users + "@example.net");
        HttpResponse<String> r = OidcHttp.bearer("PUT", userUrl(other), token, rep.toString());
        assertAll(() -> assertRefused(r, "changing another user's email"),
                () -> assertEquals(otherEmail, realm.resource.users().get(other).toRepresentation().getEmail(), "the other email is unchanged"),
                () -> assertEquals(200, OidcHttp.bearer("GET", userUrl(other), token, null).statusCode(), "reading the other user still works"));
    }

    /**
     * Keycloak's admin API also takes DPoP-bound tokens ({@code Authorization: DPoP}, on by default in
     * 26.x), which any client gets by sending a proof to the token endpoint: the scheme must not let a
     * fallback session's token past the refusal. The passkey session's DPoP token is the control.
     */
    @Test
    void aFallbackSessionsDpopBoundTokenIsRefusedToo() {
        Admin a = admin();
        DPoP key = new DPoP();
        WebClient.Page done = OidcHttp.signInByLink(new WebClient(), realm.authUrl(), mailbox, a.email());
        var tokens = Tokens.response(realm, done.location(), realm.baseUrl, key);
        assertEquals("DPoP", tokens.path("token_type").asText(), "the token is bound to the key");
        String token = tokens.get("access_token").asText();
        assertEquals(200, OidcHttp.dpop("GET", userUrl(a.id()), token, null, key).statusCode(), "the admin API takes the DPoP token");
        HttpResponse<String> delete = OidcHttp.dpop("DELETE", userUrl(a.id()) + "/credentials/" + a.passkeyCredentialId(), token, null, key);
        HttpResponse<String> email = OidcHttp.dpop("PUT", userUrl(a.id()), token, withChange(a, rep -> rep.put("email", "thief-dpop-" + users + "@example.net")), key);
        assertAll(() -> assertRefused(delete, "deleting its own passkey with a DPoP token"),
                () -> assertTrue(realm.resource.users().get(a.id()).credentials().stream().anyMatch(c -> c.getId().equals(a.passkeyCredentialId())),
                        "the passkey is still there"),
                () -> assertRefused(email, "changing its own email with a DPoP token"),
                () -> assertEquals(a.email(), stored(a).getEmail(), "the email is unchanged"));

        DPoP ownerKey = new DPoP();
        WebClient.Page signedIn = HttpFlows.signIn(new WebClient(), realm, a.passkey());
        String ownerToken = Tokens.response(realm, signedIn.location(), realm.baseUrl, ownerKey).get("access_token").asText();
        String newEmail = "moved-dpop-" + users + "@example.org";
        assertAllowed(OidcHttp.dpop("PUT", userUrl(a.id()), ownerToken, withChange(a, rep -> rep.put("email", newEmail)), ownerKey),
                "changing the email with a DPoP token");
        assertEquals(newEmail, stored(a).getEmail());
    }

    /**
     * A token's claims are read before its signature is checked, by the guard and by Keycloak's admin
     * API, which answers an issuer with a bad escape with a 500 and a stack trace: such a token gets a 401.
     */
    @Test
    void anUnsignedTokenWithABadIssuerGetsA401() {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String forged = b64.encodeToString("{\"alg\":\"none\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "."
                + b64.encodeToString("{\"iss\":\"x/%ff\",\"sid\":\"a\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)) + ".";
        HttpResponse<String> post = OidcHttp.bearer("POST", realm.baseUrl + "/admin/realms/" + realm.name + "/users", forged, "{}");
        HttpResponse<String> get = OidcHttp.bearer("GET", realm.baseUrl + "/admin/realms/" + realm.name + "/users", forged, null);
        assertAll(() -> assertEquals(401, post.statusCode(), post.body()), () -> assertEquals(401, get.statusCode(), get.body()));
    }

    /** A fallback token next to another Authorization header is still seen, whichever comes first. */
    @Test
    void aSecondAuthorizationHeaderDoesNotHideAFallbackToken() {
        Admin a = admin();
        String token = fallbackToken(a);
        String url = userUrl(a.id()) + "/credentials/" + a.passkeyCredentialId();
        HttpResponse<String> first = OidcHttp.authorizedBy("DELETE", url, List.of("Bearer " + token, "Bearer x.y.z"));
        HttpResponse<String> second = OidcHttp.authorizedBy("DELETE", url, List.of("Bearer x.y.z", "Bearer " + token));
        assertAll(() -> assertTrue(first.statusCode() == 401 || first.statusCode() == 403, first.statusCode() + " " + first.body()),
                () -> assertTrue(second.statusCode() == 401 || second.statusCode() == 403, second.statusCode() + " " + second.body()),
                () -> assertTrue(realm.resource.users().get(a.id()).credentials().stream().anyMatch(c -> c.getId().equals(a.passkeyCredentialId())),
                        "the passkey is still there"));
    }

    /** The control case: the same requests from a passkey session of the same user go through. */
    @Test
    void aPasskeySessionOfTheSameUserMayDoAllOfItAsTheControlCase() {
        Admin a = admin();
        String token = passkeyToken(a);
        assertEquals(200, OidcHttp.bearer("GET", userUrl(a.id()), token, null).statusCode());

        setAttribute(a, Recoveries.FROZEN, "true");
        assertAllowed(OidcHttp.bearer("PUT", userUrl(a.id()), token,
                withChange(a, rep -> ((ObjectNode) rep.get("attributes")).remove(Recoveries.FROZEN))), "lifting the freeze");
        assertNull(stored(a).getAttributes().get(Recoveries.FROZEN), "the attribute went: the admin API edits it in this realm");

        assertAllowed(OidcHttp.bearer("PUT", userUrl(a.id()) + "/reset-password", token,
                "{\"type\":\"password\",\"value\":\"owner-password-1\",\"temporary\":false}"), "setting a password");
        String password = realm.resource.users().get(a.id()).credentials().stream()
                .filter(c -> c.getType().equals(CredentialRepresentation.PASSWORD)).findFirst().orElseThrow().getId();
        assertAllowed(OidcHttp.bearer("DELETE", userUrl(a.id()) + "/credentials/" + password, token, null), "deleting a credential");

        assertAllowed(OidcHttp.bearer("POST", userUrl(a.id()) + "/federated-identity/" + IDP, token,
                "{\"identityProvider\":\"" + IDP + "\",\"userId\":\"owner\",\"userName\":\"owner\"}"), "linking an identity provider");

        String newEmail = "moved-" + users + "@example.org";
        assertAllowed(OidcHttp.bearer("PUT", userUrl(a.id()), token, withChange(a, rep -> rep.put("email", newEmail))), "changing the email");
        assertEquals(newEmail, stored(a).getEmail());
    }

    private void setAttribute(Admin a, String name, String value) {
        UserRepresentation u = stored(a);
        Map<String, List<String>> attributes = u.getAttributes() == null ? new HashMap<>() : new HashMap<>(u.getAttributes());
        attributes.put(name, List.of(value));
        u.setAttributes(attributes);
        realm.resource.users().get(a.id()).update(u);
        assertEquals(List.of(value), stored(a).getAttributes().get(name));
    }
}
