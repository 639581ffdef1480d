package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.passkeyfirst.it.harness.ServerTest;
import org.junit.jupiter.api.BeforeAll;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;

/**
 * The sign-in step attacked over HTTP with a software authenticator: every check DESIGN §5 lists,
 * one forgery at a time, and never a 500 or a stack trace.
 */
class PasskeySignInHttpTest extends ServerTest {

    private String userId;
    private SoftAuthenticator passkey;

    @BeforeAll
    void registerPasskey() {
        userId = realm.createUser("grace@example.org");
        passkey = new SoftAuthenticator();
        WebClient.Page done = HttpFlows.register(realm, mailbox, userId, "grace@example.org", passkey);
        assertTrue(done.status() < 400, done.body());
    }

    @Test
    void validAssertionSignsIn() {
        assertTrue(HttpFlows.signedIn(HttpFlows.signIn(new WebClient(), realm, passkey)));
    }

    @Test
    void replayedAssertionIsRefused() {
        WebClient client = new WebClient();
        WebClient.Page login = client.get(realm.authUrl());
        Map<String, String> form = passkey.get(HttpFlows.rpId(login), HttpFlows.ORIGIN, HttpFlows.challenge(login));
        assertTrue(HttpFlows.signedIn(client.post(login.formAction("pkf-assertion-form"), form)));
        // the same assertion again, in a new sign-in of another browser
        WebClient other = new WebClient();
        WebClient.Page login2 = other.get(realm.authUrl());
        WebClient.Page replay = other.post(login2.formAction("pkf-assertion-form"), form);
        assertRefused(replay);
    }

    @Test
    void anotherSessionsChallengeIsRefused() {
        WebClient victim = new WebClient();
        WebClient attacker = new WebClient();
        WebClient.Page victimPage = victim.get(realm.authUrl());
        WebClient.Page attackerPage = attacker.get(realm.authUrl());
        Map<String, String> form = passkey.get(HttpFlows.rpId(victimPage), HttpFlows.ORIGIN, HttpFlows.challenge(victimPage));
        assertRefused(attacker.post(attackerPage.formAction("pkf-assertion-form"), form));
    }

    @Test
    void wrongOriginIsRefused() {
        WebClient client = new WebClient();
        WebClient.Page login = client.get(realm.authUrl());
        Map<String, String> form = passkey.get(HttpFlows.rpId(login), "https://evil.example", HttpFlows.challenge(login));
        assertRefused(client.post(login.formAction("pkf-assertion-form"), form));
    }

    @Test
    void wrongRpIdHashIsRefused() {
        WebClient client = new WebClient();
        WebClient.Page login = client.get(realm.authUrl());
        Map<String, String> form = passkey.get(SoftAuthenticator.sha256(HttpFlows.utf8("evil.example")), HttpFlows.ORIGIN,
                HttpFlows.challenge(login), true);
        assertRefused(client.post(login.formAction("pkf-assertion-form"), form));
    }

    @Test
    void missingUserVerificationIsRefused() {
        SoftAuthenticator noUv = passkey;
        int before = noUv.flags;
        noUv.flags = SoftAuthenticator.UP;
        try {
            WebClient client = new WebClient();
            WebClient.Page login = client.get(realm.authUrl());
            assertRefused(client.post(login.formAction("pkf-assertion-form"),
                    noUv.get(HttpFlows.rpId(login), HttpFlows.ORIGIN, HttpFlows.challenge(login))));
        } finally {
            noUv.flags = before;
        }
    }

    @Test
    void signatureOverOtherDataIsRefused() {
        WebClient client = new WebClient();
        WebClient.Page login = client.get(realm.authUrl());
        Map<String, String> form = passkey.get(HttpFlows.rpId(login), HttpFlows.ORIGIN, HttpFlows.challenge(login));
        form.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(
                passkey.sign(new byte[37], HttpFlows.utf8("{}"))));
        assertRefused(client.post(login.formAction("pkf-assertion-form"), form));
    }

    @Test
    void unknownCredentialIsRefused() {
        SoftAuthenticator stranger = new SoftAuthenticator();
        stranger.userHandle = HttpFlows.utf8(userId);
        WebClient client = new WebClient();
        WebClient.Page login = client.get(realm.authUrl());
        WebClient.Page refused = client.post(login.formAction("pkf-assertion-form"),
                stranger.get(HttpFlows.rpId(login), HttpFlows.ORIGIN, HttpFlows.challenge(login)));
        assertRefused(refused);
        // the browser is asked to forget the passkey this account does not have
        assertEquals(stranger.credentialIdB64(), refused.data("pkf-unknown-credential").get("credentialId").asText());
    }

    /**
     * A second-factor key of the same account (Keycloak's own "webauthn" type, here imported as an
     * admin would) does not sign in on our page, and the browser must not be told it is unknown: a
     * provider told so deletes a key the account still uses.
     */
    @Test
    void theAccountsSecondFactorKeyIsRefusedButNeverCalledUnknown() {
        SoftAuthenticator key = new SoftAuthenticator();
        CredentialRepresentation twoFactor = new CredentialRepresentation();
        twoFactor.setType("webauthn");
        twoFactor.setUserLabel("second factor");
        var data = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("aaguid", "00000000-0000-0000-0000-000000000000")
                .put("credentialId", Base64.getEncoder().encodeToString(key.credentialId))
                .put("credentialPublicKey", Base64.getEncoder().encodeToString(key.cosePublicKey()))
                .put("counter", 0).put("attestationStatementFormat", "none");
        twoFactor.setCredentialData(data.toString());
        twoFactor.setSecretData("{}");
        UserRepresentation user = new UserRepresentation();
        user.setUsername("second-factor@example.org");
        user.setEmail("second-factor@example.org");
        user.setEnabled(true);
        user.setEmailVerified(true);
        user.setCredentials(List.of(twoFactor));
        try (var created = realm.resource.users().create(user)) {
            assertEquals(201, created.getStatus());
        }
        String id = realm.resource.users().searchByEmail("second-factor@example.org", true).get(0).getId();
        key.userHandle = HttpFlows.utf8(id);

        WebClient client = new WebClient();
        WebClient.Page login = client.get(realm.authUrl());
        WebClient.Page refused = client.post(login.formAction("pkf-assertion-form"),
                key.get(HttpFlows.rpId(login), HttpFlows.ORIGIN, HttpFlows.challenge(login)));
        assertRefused(refused);
        assertNull(refused.doc().getElementById("pkf-unknown-credential"), "the browser is not told to forget the account's own key");
    }

    @Test
    void counterRegressionIsRefused() {
        String id = realm.createUser("counter@example.org");
        SoftAuthenticator key = new SoftAuthenticator();
        key.counter = 5;
        assertTrue(HttpFlows.register(realm, mailbox, id, "counter@example.org", key).status() < 400);
        assertTrue(HttpFlows.signedIn(HttpFlows.signIn(new WebClient(), realm, key)), "counter 6 after 5");
        key.counter = 3;
        assertRefused(HttpFlows.signIn(new WebClient(), realm, key));
        key.counter = 100;
        assertTrue(HttpFlows.signedIn(HttpFlows.signIn(new WebClient(), realm, key)), "a higher counter is accepted again");
    }

    static List<Object[]> malformed() {
        List<Object[]> cases = new ArrayList<>();
        for (String field : List.of("credentialId", "clientDataJSON", "authenticatorData", "signature", "userHandle")) {
            cases.add(new Object[]{field, "%%% not base64 %%%"});
            cases.add(new Object[]{field, "AAAA"});
            cases.add(new Object[]{field, "A".repeat(20_000)});
            cases.add(new Object[]{field, "abc+/=="});
        }
        String notJson = Base64.getUrlEncoder().withoutPadding().encodeToString(HttpFlows.utf8("this is not { json"));
        cases.add(new Object[]{"clientDataJSON", notJson});
        cases.add(new Object[]{"clientDataJSON", Base64.getUrlEncoder().withoutPadding().encodeToString(HttpFlows.utf8("{\"type\":1,\"challenge\":[],\"origin\":{}}"))});
        cases.add(new Object[]{"authenticatorData", Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[200])});
        cases.add(new Object[]{"signature", Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[70])});
        cases.add(new Object[]{"userHandle", Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[]{(byte) 0xff, (byte) 0xfe})});
        cases.add(new Object[]{"authenticatorAttachment", "<script>"});
        cases.add(new Object[]{"error", "E".repeat(5000)});
        return cases;
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("malformed")
    void malformedFieldsGetATranslatedPage(String field, String value) {
        WebClient client = new WebClient();
        WebClient.Page login = client.get(realm.authUrl());
        Map<String, String> form = new LinkedHashMap<>(passkey.get(HttpFlows.rpId(login), HttpFlows.ORIGIN, HttpFlows.challenge(login)));
        form.put(field, value);
        WebClient.Page r = client.post(login.formAction("pkf-assertion-form"), form);
        assertFalse(HttpFlows.signedIn(r), "signed in with " + field + " = " + value);
        assertTrue(r.status() < 500, "status " + r.status());
        if (!field.equals("error")) assertRefused(r);
    }

    @Test
    void repeatedFieldsAreRefused() {
        WebClient client = new WebClient();
        WebClient.Page login = client.get(realm.authUrl());
        Map<String, String> form = passkey.get(HttpFlows.rpId(login), HttpFlows.ORIGIN, HttpFlows.challenge(login));
        String body = WebClient.encode(form) + "&credentialId=" + new SoftAuthenticator().credentialIdB64();
        assertRefused(client.postRaw(login.formAction("pkf-assertion-form"), body));
    }

    @Test
    void sameAssertionPostedTwiceAtOnceSignsInOnce() throws Exception {
        for (int round = 0; round < 5; round++) {
            WebClient client = new WebClient();
            WebClient.Page login = client.get(realm.authUrl());
            Map<String, String> form = passkey.get(HttpFlows.rpId(login), HttpFlows.ORIGIN, HttpFlows.challenge(login));
            String action = login.formAction("pkf-assertion-form");
            int parallel = 8;
            ExecutorService pool = Executors.newFixedThreadPool(parallel);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<WebClient.Page>> results = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                Callable<WebClient.Page> post = () -> {
                    go.await();
                    return client.postNoFollow(action, form);
                };
                results.add(pool.submit(post));
            }
            go.countDown();
            int signedIn = 0;
            for (Future<WebClient.Page> f : results) {
                WebClient.Page p = f.get();
                assertTrue(p.status() < 500, "status " + p.status() + "\n" + p.body());
                if (HttpFlows.signedIn(p)) signedIn++;
            }
            pool.shutdown();
            assertEquals(1, signedIn, "round " + round + ": exactly one of " + parallel + " identical posts signs in");
        }
    }

    private static void assertRefused(WebClient.Page page) {
        assertFalse(HttpFlows.signedIn(page), "must not sign in");
        assertTrue(page.status() < 500, "status " + page.status() + "\n" + page.body());
        assertNotEquals(null, page.pageId(), page.body());
        assertTrue(page.pageId().startsWith(Pages.id(Pages.LOGIN)), page.pageId());
        assertTrue(page.error() != null && !page.error().isBlank(), "a translated message:\n" + page.body());
        assertFalse(page.error().startsWith("pkf"), "message key shown untranslated: " + page.error());
    }
}
