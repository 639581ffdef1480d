package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.passkeyfirst.it.harness.ServerTest;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;

/**
 * The create-passkey step attacked over HTTP. Measured on Keycloak 26.7.3 itself (DESIGN §5): its
 * registration answers malformed fields with a 500 and can store an id the authenticator data does
 * not hold; ours must answer every case with a translated page and store nothing.
 */
class CreatePasskeyHttpTest extends ServerTest {

    private int users;

    private record Attempt(WebClient client, WebClient.Page page, String userId) {
    }

    private Attempt fresh() {
        String email = "maker" + (++users) + "@example.org";
        String id = realm.createUser(email);
        WebClient client = new WebClient();
        return new Attempt(client, HttpFlows.createPage(client, realm, mailbox, id, email), id);
    }

    private List<CredentialRepresentation> credentials(String userId) {
        return realm.resource.users().get(userId).credentials();
    }

    private static void assertRefusedOnCreatePage(WebClient.Page page) {
        assertTrue(page.status() < 500, "status " + page.status() + "\n" + page.body());
        assertEquals(Pages.id(Pages.CREATE_PASSKEY), page.pageId(), page.body());
        assertTrue(page.error() != null && !page.error().isBlank() && !page.error().startsWith("pkf"), page.body());
    }

    @Test
    void malformedFieldsAreRefusedAndNothingIsStored() {
        Attempt a = fresh();
        WebClient.Page page = a.page();
        String longB64 = "A".repeat(100_000);
        List<String[]> cases = List.of(
                new String[]{"clientDataJSON", "%%%"}, new String[]{"clientDataJSON", ""}, new String[]{"clientDataJSON", longB64},
                new String[]{"attestationObject", "%%%"}, new String[]{"attestationObject", ""}, new String[]{"attestationObject", "AAAA"},
                new String[]{"attestationObject", Base64.getUrlEncoder().encodeToString("not cbor at all, just text".getBytes())},
                new String[]{"publicKeyCredentialId", "%%%"}, new String[]{"publicKeyCredentialId", ""},
                new String[]{"publicKeyCredentialId", "A".repeat(2000)},
                new String[]{"authenticatorLabel", "L".repeat(5000)},
                new String[]{"transports", "usb,telepathy"},
                new String[]{"authenticatorAttachment", "toaster"});
        for (String[] c : cases) {
            Map<String, String> form = new LinkedHashMap<>(HttpFlows.attestation(page, new SoftAuthenticator(), "ok"));
            form.put(c[0], c[1]);
            page = a.client().post(page.formAction("pkf-create-form"), form);
            assertRefusedOnCreatePage(page);
            assertTrue(credentials(a.userId()).isEmpty(), c[0] + "=" + c[1].substring(0, Math.min(20, c[1].length())) + " stored something");
        }
        // after all that, a well-formed passkey is still accepted on the same page
        WebClient.Page ok = a.client().post(page.formAction("pkf-create-form"), HttpFlows.attestation(page, new SoftAuthenticator(), "Laptop"));
        assertTrue(ok.status() < 400, ok.body());
        assertEquals(List.of("Laptop"), credentials(a.userId()).stream().map(CredentialRepresentation::getUserLabel).toList());
    }

    @Test
    void postedIdMustBeTheOneInTheAuthenticatorData() {
        Attempt a = fresh();
        Map<String, String> form = HttpFlows.attestation(a.page(), new SoftAuthenticator(), "x");
        form.put("publicKeyCredentialId", new SoftAuthenticator().credentialIdB64());
        assertRefusedOnCreatePage(a.client().post(a.page().formAction("pkf-create-form"), form));
        assertTrue(credentials(a.userId()).isEmpty());
    }

    @Test
    void anotherUsersCredentialIdIsRefused() {
        SoftAuthenticator shared = new SoftAuthenticator();
        Attempt first = fresh();
        assertTrue(first.client().post(first.page().formAction("pkf-create-form"), HttpFlows.attestation(first.page(), shared, "mine")).status() < 400);
        assertEquals(1, credentials(first.userId()).size());
        Attempt second = fresh();
        WebClient.Page refused = second.client().post(second.page().formAction("pkf-create-form"), HttpFlows.attestation(second.page(), shared, "theirs"));
        assertRefusedOnCreatePage(refused);
        assertTrue(credentials(second.userId()).isEmpty());
    }

    /**
     * A key Keycloak's own ceremony stored has no row of ours; its id must still count as taken
     * (DESIGN §5: credential id unique in the realm). Keycloak's WebAuthn credential providers, ours in
     * their place, note every credential id they store, so the check is an indexed read rather than a
     * search through every credential's JSON (issue 22: a scan of the whole table per registration).
     */
    @Test
    void aCredentialIdKeycloaksOwnCeremonyStoredIsRefused() {
        SoftAuthenticator shared = new SoftAuthenticator();
        String email = "stockmaker" + (++users) + "@example.org";
        String stockUser = realm.createUser(email);
        // the demo realm lists only the required actions it uses: Keycloak's own is registered for this test
        var register = new org.keycloak.representations.idm.RequiredActionProviderSimpleRepresentation();
        register.setProviderId(STOCK_SECURITY_KEY);
        register.setName("Webauthn Register");
        realm.resource.flows().registerRequiredAction(register);
        var twoFactor = realm.resource.flows().getRequiredAction(STOCK_SECURITY_KEY);
        twoFactor.setEnabled(true);
        realm.resource.flows().updateRequiredAction(STOCK_SECURITY_KEY, twoFactor);
        try {
            mailbox.purge();
            realm.resource.users().get(stockUser).executeActionsEmail(List.of(STOCK_SECURITY_KEY));
            String link = mailbox.await(m -> m.to().contains(email), java.time.Duration.ofSeconds(20))
                    .orElseThrow(() -> new AssertionError("no execute-actions email")).links().stream()
                    .filter(l -> l.contains("action-token")).findFirst().orElseThrow();
            WebClient client = new WebClient(WebClient.CHROME);
            WebClient.Page page = client.get(link);
            if ("login-info".equals(page.pageId())) page = client.get(page.doc().select("a[href*=login-actions]").attr("href"));
            assertEquals("login-webauthn-register", page.pageId(), "Keycloak's own page: " + page.body());
            Map<String, String> values = new java.util.HashMap<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(challenge|userid) : \"([^\"]+)\"").matcher(page.body());
            while (m.find()) values.put(m.group(1), m.group(2));
            Map<String, String> form = shared.create("localhost", dev.passkeyfirst.it.harness.KeycloakServer.URL, values.get("challenge"),
                    Base64.getUrlDecoder().decode(values.get("userid")));
            form.put("authenticatorLabel", "stock key");
            assertTrue(client.post(page.formAction("register"), form).status() < 400);
            assertEquals(List.of("webauthn"), credentials(stockUser).stream().map(CredentialRepresentation::getType).toList(),
                    "Keycloak's ceremony stored the key, with no row of ours");
        } finally {
            realm.resource.flows().removeRequiredAction(STOCK_SECURITY_KEY);
        }

        Attempt ours = fresh();
        WebClient.Page refused = ours.client().post(ours.page().formAction("pkf-create-form"), HttpFlows.attestation(ours.page(), shared, "again"));
        assertRefusedOnCreatePage(refused);
        assertTrue(credentials(ours.userId()).isEmpty());
    }

    /**
     * A passkey an admin created with the user (Keycloak's import path, as a partial import or a realm
     * file at start) is stored through the credential provider too: its id is taken as well.
     */
    @Test
    void aCredentialIdAnAdminImportedIsRefused() {
        SoftAuthenticator imported = new SoftAuthenticator();
        importUserWithPasskey("imported" + (++users) + "@example.org", imported);

        Attempt ours = fresh();
        WebClient.Page refused = ours.client().post(ours.page().formAction("pkf-create-form"), HttpFlows.attestation(ours.page(), imported, "again"));
        assertRefusedOnCreatePage(refused);
        assertTrue(credentials(ours.userId()).isEmpty());
    }

    /** A user made by admin REST with a passkey of {@code key}'s (Keycloak's import path); returns the user's id. */
    private String importUserWithPasskey(String email, SoftAuthenticator key) {
        CredentialRepresentation passkey = new CredentialRepresentation();
        passkey.setType("webauthn-passwordless");
        passkey.setUserLabel("imported");
        var data = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("aaguid", "00000000-0000-0000-0000-000000000000")
                .put("credentialId", Base64.getEncoder().encodeToString(key.credentialId))
                .put("credentialPublicKey", Base64.getEncoder().encodeToString(key.cosePublicKey()))
                .put("counter", 0).put("attestationStatementFormat", "none");
        data.putArray("transports").add("internal");
        passkey.setCredentialData(data.toString());
        passkey.setSecretData("{}");
        var user = new org.keycloak.representations.idm.UserRepresentation();
        user.setUsername(email);
        user.setEmail(email);
        user.setEnabled(true);
        user.setEmailVerified(true);
        user.setCredentials(List.of(passkey));
        try (var created = realm.resource.users().create(user)) {
            assertEquals(201, created.getStatus());
        }
        String id = realm.resource.users().searchByEmail(email, true).get(0).getId();
        assertEquals(List.of("webauthn-passwordless"), credentials(id).stream().map(CredentialRepresentation::getType).toList());
        return id;
    }

    /**
     * Our row of a passkey an admin removed (by id, past us) must not stand in the way of a passkey
     * Keycloak stored with the same id: its first sign-in through our step writes its own row.
     */
    @Test
    void aRemovedPasskeysRowDoesNotBlockAnotherPasskeysFirstSignIn() {
        SoftAuthenticator key = new SoftAuthenticator();
        Attempt first = fresh();
        assertTrue(first.client().post(first.page().formAction("pkf-create-form"), HttpFlows.attestation(first.page(), key, "first")).status() < 400);
        realm.resource.users().get(first.userId()).removeCredential(credentials(first.userId()).get(0).getId());

        String imported = importUserWithPasskey("reimported" + (++users) + "@example.org", key);
        key.userHandle = HttpFlows.utf8(imported);
        WebClient.Page done = HttpFlows.signIn(new WebClient(), realm, key);
        assertTrue(HttpFlows.signedIn(done), done.status() + " " + done.body());
    }

    /**
     * Only a live credential holds an id: once an admin removed the passkey (by id, past its credential
     * provider, so its index row stays until the next start) the id registers again.
     */
    @Test
    void anIdWhosePasskeyWasRemovedRegistersAgain() {
        SoftAuthenticator key = new SoftAuthenticator();
        Attempt first = fresh();
        assertTrue(first.client().post(first.page().formAction("pkf-create-form"), HttpFlows.attestation(first.page(), key, "first")).status() < 400);
        String removed = credentials(first.userId()).get(0).getId();
        realm.resource.users().get(first.userId()).removeCredential(removed);
        assertTrue(credentials(first.userId()).isEmpty());

        Attempt again = fresh();
        WebClient.Page ok = again.client().post(again.page().formAction("pkf-create-form"), HttpFlows.attestation(again.page(), key, "again"));
        assertTrue(ok.status() < 400, ok.body());
        assertEquals(List.of("again"), credentials(again.userId()).stream().map(CredentialRepresentation::getUserLabel).toList());
    }

    /** Keycloak's own WebAuthn (two-factor) registration, which the pack leaves as it is. */
    private static final String STOCK_SECURITY_KEY = "webauthn-register";

    @Test
    void aRegistrationCannotBeReplayed() {
        Attempt a = fresh();
        Map<String, String> form = HttpFlows.attestation(a.page(), new SoftAuthenticator(), "once");
        String action = a.page().formAction("pkf-create-form");
        assertTrue(a.client().post(action, form).status() < 400);
        WebClient.Page again = a.client().post(action, form);
        assertTrue(again.status() < 500, again.body());
        assertEquals(1, credentials(a.userId()).size());
    }

    @Test
    void identicalRegistrationsPostedAtOnceStoreOneCredential() throws Exception {
        Attempt a = fresh();
        Map<String, String> form = HttpFlows.attestation(a.page(), new SoftAuthenticator(), "race");
        String action = a.page().formAction("pkf-create-form");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<WebClient.Page>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(pool.submit(() -> {
                go.await();
                return a.client().postNoFollow(action, form);
            }));
        }
        go.countDown();
        for (Future<WebClient.Page> f : results) assertTrue(f.get().status() < 500, f.get().body());
        pool.shutdown();
        assertEquals(1, credentials(a.userId()).size());
    }

    @Test
    void aSessionWithoutAPasskeySignInCannotAddOne() {
        Attempt a = fresh();
        assertTrue(a.client().post(a.page().formAction("pkf-create-form"), HttpFlows.attestation(a.page(), new SoftAuthenticator(), "first")).status() < 400);
        // an admin's email link signs nobody in with a passkey: the account now has one, so no second
        String email = realm.resource.users().get(a.userId()).toRepresentation().getEmail();
        WebClient other = new WebClient();
        WebClient.Page page = HttpFlows.createPage(other, realm, mailbox, a.userId(), email);
        WebClient.Page refused = other.post(page.formAction("pkf-create-form"), HttpFlows.attestation(page, new SoftAuthenticator(), "second"));
        assertRefusedOnCreatePage(refused);
        assertTrue(refused.error().contains("sign in with one of the passkeys"), refused.error());
        assertEquals(1, credentials(a.userId()).size());
    }

    /**
     * An account without any passkey, its first passkey pending as a required action, signed in by an
     * emailed sign-in link: a fallback session, which adds no passkey (DESIGN §5), not even the first;
     * else whoever reads the mailbox would hold one, past recovery's waiting period.
     */
    @Test
    void aSignInLinkSessionCannotCreateEvenTheFirstPasskey() {
        String email = "link-first" + (++users) + "@example.org";
        String id = realm.createUser(email);
        var rep = realm.resource.users().get(id).toRepresentation();
        rep.setRequiredActions(List.of(ProviderIds.CREATE_PASSKEY));
        realm.resource.users().get(id).update(rep);

        mailbox.purge();
        WebClient browser = new WebClient();
        WebClient.Page login = browser.get(realm.authUrl());
        WebClient.Page identify = browser.get(login.doc().getElementById("pkf-sign-in-link").absUrl("href"));
        browser.post(identify.formAction("pkf-identify-form"), Map.of("identifier", email));
        String link = mailbox.await(m -> m.to().contains(email) && m.subject().contains("Your sign-in link"), java.time.Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no sign-in link")).links().stream()
                .filter(l -> l.contains("/passkey-first/sign-in/")).findFirst().orElseThrow();
        WebClient.Page confirm = browser.get(link);
        WebClient.Page page = browser.post(confirm.formAction("pkf-link-form"),
                Map.of("binding", confirm.doc().selectFirst("input[name=binding]").attr("value")));
        assertEquals(Pages.id(Pages.CREATE_PASSKEY), page.pageId(), "the pending action is shown: " + page.body());
        WebClient.Page refused = browser.post(page.formAction("pkf-create-form"), HttpFlows.attestation(page, new SoftAuthenticator(), "mailbox"));
        assertRefusedOnCreatePage(refused);
        assertEquals(List.of(), credentials(id), "no passkey from a sign-in link's session");
    }

    @Test
    void aSecondPasskeyWithTheSameNameIsNumberedNotRefused() {
        Attempt a = fresh();
        SoftAuthenticator first = new SoftAuthenticator();
        assertTrue(a.client().post(a.page().formAction("pkf-create-form"), HttpFlows.attestation(a.page(), first, "Chrome on Linux")).status() < 400);
        // the same browser suggests the same name for the second passkey; Keycloak refuses duplicate labels
        WebClient client = new WebClient();
        WebClient.Page login = client.get(realm.authUrl("&kc_action=" + ProviderIds.CREATE_PASSKEY));
        WebClient.Page page = client.post(login.formAction("pkf-assertion-form"),
                first.get(HttpFlows.rpId(login), HttpFlows.ORIGIN, HttpFlows.challenge(login)));
        assertEquals(Pages.id(Pages.CREATE_PASSKEY), page.pageId(), page.body());
        WebClient.Page done = client.post(page.formAction("pkf-create-form"), HttpFlows.attestation(page, new SoftAuthenticator(), "Chrome on Linux"));
        assertTrue(done.status() < 400 && !Pages.id(Pages.CREATE_PASSKEY).equals(done.pageId()), done.body());
        assertEquals(List.of("Chrome on Linux", "Chrome on Linux (2)"),
                credentials(a.userId()).stream().map(CredentialRepresentation::getUserLabel).sorted().toList());
    }
}
