package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.keycloak.recovery.RecoveryConfigProperties;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Issue 16, finding 5 (a regression test: this holds today). Under Keycloak's brute-force protection
 * with permanent lockout, every failure Keycloak counts brings a user closer to being disabled, so
 * anyone who knows a username could lock its owner out. Our sign-in step sets the attempted username
 * and reports refused passkeys as failures; Keycloak counts only password, OTP and recovery-code
 * categories, and our step's category is webauthn-passwordless, so nothing is counted. The recovery
 * step's wrong recovery codes must not count either (DESIGN §5: "failed codes ... never lock the
 * user out of passkey sign-in"). The control: one wrong password through Keycloak's own direct grant
 * IS counted in the same realm.
 *
 * <p>Found while writing these: wrong recovery codes typed after the sign-in page's username step
 * ARE counted (the recovery step reports no reference category, which Keycloak counts, and the
 * attempted username of the sign-in is still in the authentication session), so a stranger who
 * knows a username disables the account for good with six guesses, codes or no codes.
 */
class BruteForceTest extends ServerTest {

    private static final String DIRECT = "pkf-direct-grant";
    private static final int FAILURE_FACTOR = 5;
    private int users;

    @Override
    protected TestRealm createRealm() {
        return TestRealm.create(server, mailbox.smtpPort(), rep -> {
            rep.setBruteForceProtected(true);
            rep.setPermanentLockout(true);
            rep.setMaxTemporaryLockouts(0);
            rep.setFailureFactor(FAILURE_FACTOR);
            // more wrong codes than the lockout needs, before our own per-identifier limit answers instead
            OidcHttp.setRecoveryOption(rep, RecoveryConfigProperties.ATTEMPTS, "12");
            List<ClientRepresentation> clients = new ArrayList<>(rep.getClients());
            ClientRepresentation direct = new ClientRepresentation();
            direct.setClientId(DIRECT);
            direct.setPublicClient(true);
            direct.setStandardFlowEnabled(false);
            direct.setDirectAccessGrantsEnabled(true);
            clients.add(direct);
            rep.setClients(clients);
        });
    }

    private record Victim(String email, String id, SoftAuthenticator passkey) {
    }

    private Victim victim() {
        String email = "victim" + (++users) + "@example.org";
        String id = realm.createUser(email);
        SoftAuthenticator key = new SoftAuthenticator();
        assertTrue(HttpFlows.register(realm, mailbox, id, email, key).status() < 400);
        return new Victim(email, id, key);
    }

    private Map<String, Object> bruteForceStatus(String userId) {
        return realm.resource.attackDetection().bruteForceUserStatus(userId);
    }

    private int failures(String userId) {
        return ((Number) bruteForceStatus(userId).get("numFailures")).intValue();
    }

    /** Keycloak counts failures on a worker thread: wait until it has counted {@code expected}, at most a few seconds. */
    private int awaitFailures(String userId, int expected) throws InterruptedException {
        int n = failures(userId);
        for (int i = 0; i < 50 && n < expected; i++) {
            Thread.sleep(100);
            n = failures(userId);
        }
        return n;
    }

    /** One wrong password for a user of its own through Keycloak's direct grant: counted, and by the time it is, earlier failures are too. */
    private void controlWrongPasswordIsCounted() throws InterruptedException {
        String email = "control" + (++users) + "@example.org";
        String id = realm.createUser(email);
        setPassword(id, "right-password-1");
        assertRefusedGrant(directGrant(email, "wrong-password"));
        assertEquals(1, awaitFailures(id, 1), "Keycloak counts a wrong password in this realm: " + bruteForceStatus(id));
    }

    /**
     * Nothing counted against the victim, who is neither locked nor disabled and still signs in with
     * their passkey: every part reported, not only the first that fails.
     */
    private void assertNothingCounted(Victim v, String what) throws InterruptedException {
        controlWrongPasswordIsCounted();
        Map<String, Object> status = bruteForceStatus(v.id());
        UserRepresentation user = realm.resource.users().get(v.id()).toRepresentation();
        WebClient.Page signedIn = HttpFlows.signIn(new WebClient(), realm, v.passkey());
        assertAll(
                () -> assertEquals(0, ((Number) status.get("numFailures")).intValue(), what + " counted as brute-force failures: " + status),
                () -> assertFalse(Boolean.TRUE.equals(status.get("disabled")), what + " locked the user out: " + status),
                () -> assertTrue(user.isEnabled(), what + " disabled the user: " + user.getAttributes()),
                () -> assertTrue(HttpFlows.signedIn(signedIn), "after " + what + " the owner still signs in with their passkey: "
                        + signedIn.status() + " " + signedIn.pageId() + " " + signedIn.error()));
    }

    /** The kinds of bad assertion an attacker can post without the passkey, each for the page's current challenge. */
    private List<BiFunction<WebClient.Page, Victim, Map<String, String>>> badAssertions(byte[] userHandle) {
        SoftAuthenticator attacker = new SoftAuthenticator();
        attacker.userHandle = userHandle;
        SoftAuthenticator forgedId = new SoftAuthenticator();
        forgedId.userHandle = userHandle;
        List<BiFunction<WebClient.Page, Victim, Map<String, String>>> kinds = new ArrayList<>();
        // a signature by another key over the right data, under the victim's credential id
        kinds.add((page, v) -> {
            Map<String, String> f = attacker.get(HttpFlows.rpId(page), page.origin(), HttpFlows.challenge(page));
            f.put("credentialId", v.passkey().credentialIdB64());
            return f;
        });
        // a passkey the account does not have
        kinds.add((page, v) -> forgedId.get(HttpFlows.rpId(page), page.origin(), HttpFlows.challenge(page)));
        // the challenge of another browser's sign-in
        kinds.add((page, v) -> {
            WebClient.Page other = new WebClient().get(realm.authUrl());
            Map<String, String> f = attacker.get(HttpFlows.rpId(other), other.origin(), HttpFlows.challenge(other));
            f.put("credentialId", v.passkey().credentialIdB64());
            return f;
        });
        // malformed base64url
        kinds.add((page, v) -> {
            Map<String, String> f = attacker.get(HttpFlows.rpId(page), page.origin(), HttpFlows.challenge(page));
            f.put("credentialId", v.passkey().credentialIdB64());
            f.put("signature", "%%% not base64 %%%");
            return f;
        });
        // user presence only, no user verification (UV=0), signed by another key
        kinds.add((page, v) -> {
            SoftAuthenticator noUv = new SoftAuthenticator();
            noUv.userHandle = userHandle;
            noUv.flags = SoftAuthenticator.UP;
            Map<String, String> f = noUv.get(HttpFlows.rpId(page), page.origin(), HttpFlows.challenge(page));
            f.put("credentialId", v.passkey().credentialIdB64());
            return f;
        });
        // a wrong origin
        kinds.add((page, v) -> {
            Map<String, String> f = attacker.get(HttpFlows.rpId(page), "https://evil.example", HttpFlows.challenge(page));
            f.put("credentialId", v.passkey().credentialIdB64());
            return f;
        });
        return kinds;
    }

    @Test
    void thirtyBadPasskeysAfterTheUsernameCountNoFailureAndTheOwnerStillSignsIn() throws Exception {
        Victim v = victim();
        var kinds = badAssertions(null);
        WebClient attacker = new WebClient();
        WebClient.Page page = attacker.get(realm.authUrl());
        int posted = 0;
        for (int i = 0; i < 30; i++) {
            if (!Pages.id(Pages.LOGIN_PASSKEY).equals(page.pageId())) {
                // the username step: the victim's known username, as typed into the sign-in page
                page = attacker.post(page.formAction("pkf-username-form"), Map.of("username", v.email()));
                assertEquals(Pages.id(Pages.LOGIN_PASSKEY), page.pageId(), page.body());
            }
            Map<String, String> form = new LinkedHashMap<>(kinds.get(i % kinds.size()).apply(page, v));
            form.put("pkf.mode", "username");
            page = attacker.post(page.formAction("pkf-assertion-form"), form);
            assertFalse(HttpFlows.signedIn(page), "signed in with bad assertion " + i);
            assertTrue(page.status() < 500, page.status() + " " + page.body());
            posted++;
        }
        assertEquals(30, posted);
        assertNothingCounted(v, "30 bad passkeys after the username");
    }

    @Test
    void thirtyBadPasskeysThroughThePasskeyButtonCountNoFailureAndTheOwnerStillSignsIn() throws Exception {
        Victim v = victim();
        // the victim's user handle is not secret: a discoverable assertion names it
        var kinds = badAssertions(v.id().getBytes(StandardCharsets.UTF_8));
        WebClient attacker = new WebClient();
        WebClient.Page page = attacker.get(realm.authUrl());
        for (int i = 0; i < 30; i++) {
            assertEquals(Pages.id(Pages.LOGIN), page.pageId(), page.body());
            Map<String, String> form = kinds.get(i % kinds.size()).apply(page, v);
            page = attacker.post(page.formAction("pkf-assertion-form"), form);
            assertFalse(HttpFlows.signedIn(page), "signed in with bad assertion " + i);
            assertTrue(page.status() < 500, page.status() + " " + page.body());
        }
        assertNothingCounted(v, "30 bad passkeys through the passkey button");
    }

    /** A user with a passkey and a set of Keycloak recovery codes: a code proof an attacker could guess at. */
    private Victim victimWithRecoveryCodes() throws Exception {
        String email = "codes" + (++users) + "@example.org";
        String id = userWithRecoveryCodes(email);
        SoftAuthenticator key = new SoftAuthenticator();
        assertTrue(HttpFlows.register(realm, mailbox, id, email, key).status() < 400);
        return new Victim(email, id, key);
    }

    /** Wrong recovery codes at "Lost your device?" opened straight from the sign-in page, more than the failure factor. */
    @Test
    void wrongRecoveryCodesCountNoFailureAndTheOwnerStillSignsIn() throws Exception {
        Victim v = victimWithRecoveryCodes();
        WebClient attacker = new WebClient();
        WebClient.Page codePage = codePage(attacker, attacker.get(realm.authUrl()), v.email());
        for (int i = 0; i < FAILURE_FACTOR + 1; i++) codePage = wrongCode(attacker, codePage, i);
        assertNothingCounted(v, (FAILURE_FACTOR + 1) + " wrong recovery codes");
    }

    /** The same after typing the victim's username on the sign-in page first (its passkey step offers "Lost your device?" too). */
    @Test
    void wrongRecoveryCodesAfterTheUsernameStepCountNoFailureAndTheOwnerStillSignsIn() throws Exception {
        Victim v = victimWithRecoveryCodes();
        WebClient attacker = new WebClient();
        WebClient.Page login = attacker.get(realm.authUrl());
        WebClient.Page passkeyStep = attacker.post(login.formAction("pkf-username-form"), Map.of("username", v.email()));
        assertEquals(Pages.id(Pages.LOGIN_PASSKEY), passkeyStep.pageId(), passkeyStep.body());
        WebClient.Page codePage = codePage(attacker, passkeyStep, v.email());
        for (int i = 0; i < FAILURE_FACTOR + 1; i++) codePage = wrongCode(attacker, codePage, i);
        assertNothingCounted(v, (FAILURE_FACTOR + 1) + " wrong recovery codes after the username step");
    }

    /**
     * The same for an account that holds no recovery codes at all (most accounts): a wrong code typed
     * for it is as much a refusal, and must cost its owner nothing either.
     */
    @Test
    void wrongRecoveryCodesAfterTheUsernameStepForAnAccountWithoutCodesCountNoFailure() throws Exception {
        Victim v = victim();
        WebClient attacker = new WebClient();
        WebClient.Page login = attacker.get(realm.authUrl());
        WebClient.Page passkeyStep = attacker.post(login.formAction("pkf-username-form"), Map.of("username", v.email()));
        assertEquals(Pages.id(Pages.LOGIN_PASSKEY), passkeyStep.pageId(), passkeyStep.body());
        WebClient.Page codePage = codePage(attacker, passkeyStep, v.email());
        for (int i = 0; i < FAILURE_FACTOR + 1; i++) codePage = wrongCode(attacker, codePage, i);
        assertNothingCounted(v, (FAILURE_FACTOR + 1) + " recovery codes for an account without codes, after the username step");
    }

    /** The control on its own: Keycloak's lockout is live in this realm and a wrong password counts for the victim too. */
    @Test
    void aWrongPasswordIsCountedByKeycloakAsTheControlCase() throws Exception {
        Victim v = victim();
        setPassword(v.id(), "right-password-2");
        assertRefusedGrant(directGrant(v.email(), "wrong-password"));
        assertEquals(1, awaitFailures(v.id(), 1), "one wrong password, one failure: " + bruteForceStatus(v.id()));
        assertEquals(200, directGrant(v.email(), "right-password-2").statusCode(), "still below the failure factor");
    }

    private WebClient.Page codePage(WebClient browser, WebClient.Page withOptions, String email) {
        WebClient.Page identify = browser.get(withOptions.doc().getElementById("pkf-lost-device").absUrl("href"));
        assertEquals(Pages.id(Pages.RECOVERY), identify.pageId(), identify.body());
        WebClient.Page sent = browser.post(identify.formAction("pkf-identify-form"), Map.of("identifier", email));
        WebClient.Page code = browser.post(sent.doc().selectFirst("form:has(#pkf-use-code)").absUrl("action"), Map.of("pkf.useCode", "1"));
        code.form("pkf-code-form");
        return code;
    }

    private WebClient.Page wrongCode(WebClient browser, WebClient.Page codePage, int i) {
        WebClient.Page answer = browser.post(codePage.formAction("pkf-code-form"), Map.of("pkf.code", String.format("WRNG%08d", i)));
        assertTrue(answer.status() < 500, answer.status() + " " + answer.body());
        assertTrue(answer.error() != null && !answer.error().contains("Too many"), "a wrong code, not yet our limit: " + answer.error());
        return answer;
    }

    private static void assertRefusedGrant(HttpResponse<String> r) {
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("invalid_grant", OidcHttp.json(r.body()).path("error").asText(), r.body());
    }

    private void setPassword(String userId, String password) {
        realm.setPassword(userId, password);
    }

    private HttpResponse<String> directGrant(String username, String password) {
        return OidcHttp.token(realm, Map.of("grant_type", "password", "client_id", DIRECT, "username", username,
                "password", password, "scope", "openid"));
    }

    /**
     * A user created by the admin API with a set of Keycloak recovery codes (stored as Keycloak stores
     * them: SHA-512 of each code, base64). The codes themselves are never typed: the attacker guesses.
     */
    private String userWithRecoveryCodes(String email) throws Exception {
        StringBuilder secret = new StringBuilder("{\"codes\":[");
        for (int i = 1; i <= 12; i++) {
            String code = String.format("CODE%08d", i * 7919);
            String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(code.getBytes(StandardCharsets.UTF_8)));
            secret.append(i > 1 ? "," : "").append("{\"number\":").append(i).append(",\"encodedHashedValue\":\"").append(hash).append("\"}");
        }
        secret.append("]}");
        CredentialRepresentation codes = new CredentialRepresentation();
        codes.setType("recovery-authn-codes");
        codes.setUserLabel("Recovery codes");
        codes.setSecretData(secret.toString());
        codes.setCredentialData("{\"hashIterations\":1,\"algorithm\":\"SHA-512\",\"remaining\":12,\"total\":12}");
        codes.setCreatedDate(System.currentTimeMillis());
        UserRepresentation u = new UserRepresentation();
        u.setUsername(email);
        u.setEmail(email);
        u.setEmailVerified(true);
        u.setFirstName("Test");
        u.setLastName("User");
        u.setEnabled(true);
        u.setCredentials(List.of(codes));
        try (var r = realm.resource.users().create(u)) {
            assertEquals(201, r.getStatus(), "user with recovery codes: " + r.readEntity(String.class));
            String location = r.getLocation().toString();
            String id = location.substring(location.lastIndexOf('/') + 1);
            assertTrue(realm.resource.users().get(id).credentials().stream().anyMatch(c -> c.getType().equals("recovery-authn-codes")),
                    "the recovery codes were stored");
            return id;
        }
    }
}
