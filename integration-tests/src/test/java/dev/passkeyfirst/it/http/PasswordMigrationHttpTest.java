package dev.passkeyfirst.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.it.harness.Tokens;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;

/**
 * Issue 18, DESIGN §4.6: password users move to passkeys. The sign-in page takes a password as the
 * realm allows (and tells nothing about an account the policy does not already tell), a password
 * sign-in is level 1, the page after it nudges or upgrades by conditional create, and the passkeys
 * page removes the password only when the account keeps a way in without it.
 */
class PasswordMigrationHttpTest extends ServerTest {

    static final String PASSWORD = "Correct-Horse-7";
    private int users;

    private String passwordUser(TestRealm r, String password) {
        String email = "pw" + (++users) + "-" + System.nanoTime() % 100000 + "@example.org";
        String id = r.createUser(email);
        r.setPassword(id, password);
        return email;
    }

    private static WebClient.Page usernameStep(WebClient client, TestRealm r, String username) {
        WebClient.Page login = client.get(r.authUrl());
        assertEquals(Pages.id(Pages.LOGIN), login.pageId(), login.body());
        return client.post(login.formAction("pkf-username-form"), Map.of("username", username));
    }

    private static WebClient.Page password(WebClient client, WebClient.Page step, String password, String caps) {
        assertNotNull(step.doc().getElementById("pkf-password-form"), "a password is asked for: " + step.body());
        return client.post(step.formAction("pkf-password-form"), Map.of("password", password, "pkf.caps", caps, "username", ""));
    }

    /** The shape of the username step's page: every element's tag, id, name and type, in order. Texts that name the account are left out. */
    private static List<String> shape(WebClient.Page page) {
        Element root = page.doc().getElementById("pkf-login-passkey");
        assertNotNull(root, page.body());
        return root.select("*").stream().map(e -> e.tagName() + "#" + e.id() + "[" + e.attr("name") + "," + e.attr("type") + "]")
                .collect(Collectors.toList());
    }

    private TestRealm realmWith(Consumer<RealmRepresentation> adjust) {
        return TestRealm.create(server, mailbox.smtpPort(), adjust);
    }

    private static Consumer<RealmRepresentation> loginConfig(String key, String value) {
        return rep -> rep.getAuthenticatorConfig().stream().filter(c -> c.getAlias().equals(ProviderIds.PASSKEY_LOGIN))
                .forEach(c -> {
                    Map<String, String> m = new HashMap<>(c.getConfig());
                    m.put(key, value);
                    c.setConfig(m);
                });
    }

    private static Consumer<RealmRepresentation> nudgeConfig(String key, String value) {
        return rep -> {
            for (RequiredActionProviderRepresentation a : rep.getRequiredActions()) {
                if (!a.getAlias().equals(ProviderIds.PASSKEY_NUDGE)) continue;
                Map<String, String> m = new HashMap<>(a.getConfig() == null ? Map.of() : a.getConfig());
                m.put(key, value);
                a.setConfig(m);
            }
        };
    }

    // --- the password on our sign-in page --------------------------------------------------------

    @Test
    void aPasswordUserSignsInOnOurPageAtLevelOne() {
        String email = passwordUser(realm, PASSWORD);
        WebClient client = new WebClient();
        WebClient.Page step = usernameStep(client, realm, email);
        assertNotNull(step.doc().getElementById("pkf-use-passkey"), "the passkey stays on the page");
        assertEquals("current-password webauthn", step.doc().getElementById("password").attr("autocomplete"),
                "conditional UI keeps working on the password field");
        WebClient.Page done = password(client, step, PASSWORD, "");
        assertTrue(HttpFlows.signedIn(done), done.body());
        var claims = Tokens.exchange(realm, done.location());
        assertEquals("1", claims.get("acr").asText(), "a password sign-in is level 1: " + claims);
    }

    /**
     * Keycloak accepts the sign-in step before the level condition in its sub-flow, and then runs the
     * condition's level after ours: the password must stay at level 1 in that order too.
     */
    @Test
    void aPasswordStaysAtLevelOneWhereTheStepComesBeforeTheLevelCondition() {
        try (TestRealm r = realmWith(rep -> rep.getAuthenticationFlows().stream().filter(f -> f.getAlias().equals("pkf-passkey-level-2"))
                .flatMap(f -> f.getAuthenticationExecutions().stream()).forEach(e -> {
                    if ("conditional-level-of-authentication".equals(e.getAuthenticator())) e.setPriority(30);
                }))) {
            String email = passwordUser(r, PASSWORD);
            WebClient client = new WebClient();
            WebClient.Page done = password(client, usernameStep(client, r, email), PASSWORD, "");
            assertTrue(HttpFlows.signedIn(done), done.body());
            var claims = Tokens.exchange(r, done.location());
            assertEquals("1", claims.get("acr").asText(), "a password sign-in is level 1 whatever the order: " + claims);
        }
    }

    @Test
    void aWrongPasswordIsRefusedWithKeycloaksMessageOnOurPage() {
        String email = passwordUser(realm, PASSWORD);
        WebClient client = new WebClient();
        WebClient.Page wrong = password(client, usernameStep(client, realm, email), "wrong-one", "");
        assertEquals(Pages.id(Pages.LOGIN_PASSKEY), wrong.pageId(), wrong.body());
        assertNotNull(wrong.doc().getElementById("pkf-password-error"), wrong.body());
        // and the page still works: the right password now signs in
        assertTrue(HttpFlows.signedIn(password(client, wrong, PASSWORD, "")));
    }

    @Test
    void anUnknownNameGetsWhatAPasswordAccountWithoutPasskeyGets() {
        String email = passwordUser(realm, PASSWORD);
        WebClient a = new WebClient();
        WebClient b = new WebClient();
        WebClient.Page known = usernameStep(a, realm, email);
        WebClient.Page unknown = usernameStep(b, realm, "nobody-" + System.nanoTime() + "@example.org");
        assertEquals(shape(known), shape(unknown), "the same page and fields");
        WebClient.Page knownWrong = password(a, known, "wrong-one", "");
        WebClient.Page unknownWrong = password(b, unknown, "wrong-one", "");
        assertEquals(shape(knownWrong), shape(unknownWrong), "the same refusal");
        assertEquals(knownWrong.doc().getElementById("pkf-password-error").text(),
                unknownWrong.doc().getElementById("pkf-password-error").text());
    }

    @Test
    void anAccountWithAPasskeyIsAskedForNoPasswordAndAForgedOneIsRefused() {
        String email = passwordUser(realm, PASSWORD);
        String id = realm.user(email).getId();
        HttpFlows.register(realm, mailbox, id, email, new SoftAuthenticator());
        WebClient client = new WebClient();
        WebClient.Page step = usernameStep(client, realm, email);
        assertNull(step.doc().getElementById("pkf-password-form"), "no password for an account that holds a passkey");
        // the right password, posted anyway
        WebClient.Page forged = client.post(step.formAction("pkf-assertion-form"), Map.of("password", PASSWORD));
        assertFalse(HttpFlows.signedIn(forged), forged.body());
        assertTrue(forged.status() < 500, forged.body());
    }

    @Test
    void withPolicyNeverNobodyIsAskedForAPassword() {
        try (TestRealm never = realmWith(loginConfig("pkf.passwordAccepted", "never"))) {
            String email = passwordUser(never, PASSWORD);
            WebClient client = new WebClient();
            WebClient.Page step = usernameStep(client, never, email);
            assertNull(step.doc().getElementById("pkf-password-form"), step.body());
            WebClient.Page forged = client.post(step.formAction("pkf-assertion-form"), Map.of("password", PASSWORD));
            assertFalse(HttpFlows.signedIn(forged), forged.body());
        }
    }

    @Test
    void keycloaksBruteForceProtectionLocksThePasswordAsInItsOwnForm() {
        try (TestRealm guarded = realmWith(rep -> {
            rep.setBruteForceProtected(true);
            rep.setFailureFactor(3);
            rep.setPermanentLockout(false);
            rep.setMaxFailureWaitSeconds(900);
            rep.setWaitIncrementSeconds(600);
        })) {
            String email = passwordUser(guarded, PASSWORD);
            WebClient client = new WebClient();
            WebClient.Page step = usernameStep(client, guarded, email);
            for (int i = 0; i < 3; i++) step = password(client, step, "wrong-" + i, "");
            String id = guarded.user(email).getId();
            // Keycloak records failures on a thread of its own
            long until = System.currentTimeMillis() + 10_000;
            while (!Boolean.TRUE.equals(guarded.resource.attackDetection().bruteForceUserStatus(id).get("disabled"))
                    && System.currentTimeMillis() < until) {
                sleep(200);
            }
            assertEquals(Boolean.TRUE, guarded.resource.attackDetection().bruteForceUserStatus(id).get("disabled"));
            WebClient.Page locked = password(client, step, PASSWORD, "");
            assertFalse(HttpFlows.signedIn(locked), "locked out after three wrong passwords: " + locked.body());
        }
    }

    @Test
    void aRealmWithoutBruteForceProtectionCountsNoWrongPassword() {
        // Keycloak's own form counts nothing there; ours once did, and only for names that are accounts,
        // which made their wrong passwords answer later than an unknown name's (PasswordTimingTest)
        try (TestRealm open = realmWith(rep -> rep.setBruteForceProtected(false))) {
            String email = passwordUser(open, PASSWORD);
            WebClient client = new WebClient();
            WebClient.Page step = usernameStep(client, open, email);
            for (int i = 0; i < 3; i++) step = password(client, step, "wrong-" + i, "");
            String id = open.user(email).getId();
            // the count is shown only while the realm protects: switch it on and read what was kept while off
            RealmRepresentation rep = open.resource.toRepresentation();
            rep.setBruteForceProtected(true);
            rep.setFailureFactor(3);
            open.resource.update(rep);
            // Keycloak records on a thread of its own: a count kept while off has this long to show
            long until = System.currentTimeMillis() + 2_000;
            while (System.currentTimeMillis() < until) {
                Map<String, Object> status = open.resource.attackDetection().bruteForceUserStatus(id);
                assertEquals(0, ((Number) status.get("numFailures")).intValue(), "wrong passwords counted while the realm did not protect: " + status);
                sleep(200);
            }
            assertTrue(HttpFlows.signedIn(password(client, step, PASSWORD, "")), "the owner is not locked out by guesses made while off");
        }
    }

    @Test
    void anApplicationAskingForAPasskeyLevelIsOfferedNoPassword() {
        String email = passwordUser(realm, PASSWORD);
        WebClient client = new WebClient();
        WebClient.Page login = client.get(realm.authUrl("&acr_values=passkey&claims=" + java.net.URLEncoder.encode(
                "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"passkey\"]}}}", java.nio.charset.StandardCharsets.UTF_8)));
        WebClient.Page step = client.post(login.formAction("pkf-username-form"), Map.of("username", email));
        assertNull(step.doc().getElementById("pkf-password-form"), step.body());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // --- the page after a password sign-in -------------------------------------------------------

    @Test
    void aBrowserThatCannotCreateAPasskeyIsNotNudged() {
        String email = passwordUser(realm, PASSWORD);
        WebClient client = new WebClient();
        assertTrue(HttpFlows.signedIn(password(client, usernameStep(client, realm, email), PASSWORD, "")));
    }

    @Test
    void theNudgeSkipsCountsAndCreatesAPasskeyWithPresenceAndVerification() {
        String email = passwordUser(realm, PASSWORD);
        WebClient client = new WebClient();
        WebClient.Page nudge = password(client, usernameStep(client, realm, email), PASSWORD, "create");
        assertEquals(Pages.id(Pages.PASSKEY_NUDGE), nudge.pageId(), nudge.body());
        WebClient.Page skipped = client.post(nudge.formAction("pkf-not-now-form"), Map.of("pkf.notNow", "1"));
        assertTrue(HttpFlows.signedIn(skipped), skipped.body());
        realm.allowAdminAttributes();
        assertEquals(List.of("1"), realm.user(email).getAttributes().get("pkf.nudgeSkips"));

        // within the interval (two minutes in the demo realm): no offer
        WebClient again = new WebClient();
        assertTrue(HttpFlows.signedIn(password(again, usernameStep(again, realm, email), PASSWORD, "create")));
    }

    @Test
    void theNudgeRefusesAPasskeyWithoutUserPresence() {
        try (TestRealm r = realmWith(nudgeConfig("pkf.nudgeIntervalMinutes", "0"))) {
            String email = passwordUser(r, PASSWORD);
            WebClient client = new WebClient();
            WebClient.Page nudge = password(client, usernameStep(client, r, email), PASSWORD, "create conditionalCreate-not-really");
            assertEquals(Pages.id(Pages.PASSKEY_NUDGE), nudge.pageId(), nudge.body());
            SoftAuthenticator silent = new SoftAuthenticator();
            silent.flags = 0;
            Map<String, String> form = HttpFlows.attestation(nudge, silent, "silent");
            WebClient.Page refused = client.post(nudge.formAction("pkf-create-form"), form);
            assertEquals(Pages.id(Pages.PASSKEY_NUDGE), refused.pageId(), "UP=0 outside the automatic upgrade: " + refused.body());
            assertTrue(r.resource.users().get(r.user(email).getId()).credentials().stream().noneMatch(c -> c.getType().equals("webauthn-passwordless")));
            // a key with presence and verification goes through
            SoftAuthenticator key = new SoftAuthenticator();
            WebClient.Page created = client.post(refused.formAction("pkf-create-form"), HttpFlows.attestation(refused, key, "laptop"));
            assertTrue(HttpFlows.signedIn(created), created.body());
        }
    }

    @Test
    void dontAskAgainIsKeptAndNotOfferedWhereTheAdminSaysNo() {
        try (TestRealm r = realmWith(nudgeConfig("pkf.nudgeIntervalMinutes", "0"))) {
            String email = passwordUser(r, PASSWORD);
            WebClient client = new WebClient();
            WebClient.Page nudge = password(client, usernameStep(client, r, email), PASSWORD, "create");
            WebClient.Page never = client.post(nudge.formAction("pkf-never-form"), Map.of("pkf.never", "1"));
            assertTrue(HttpFlows.signedIn(never), never.body());
            WebClient again = new WebClient();
            assertTrue(HttpFlows.signedIn(password(again, usernameStep(again, r, email), PASSWORD, "create")), "never asked again");
        }
        try (TestRealm r = realmWith(nudgeConfig("pkf.nudgeIntervalMinutes", "0")
                .andThen(nudgeConfig("pkf.nudgeNeverOffered", "false")).andThen(nudgeConfig("pkf.nudgeMaxSkips", "1")))) {
            String email = passwordUser(r, PASSWORD);
            WebClient client = new WebClient();
            WebClient.Page nudge = password(client, usernameStep(client, r, email), PASSWORD, "create");
            assertNull(nudge.doc().getElementById("pkf-never"));
            WebClient.Page forgedNever = client.post(nudge.formAction("pkf-not-now-form"), Map.of("pkf.never", "1"));
            assertEquals(Pages.id(Pages.PASSKEY_NUDGE), forgedNever.pageId(), "'never' was not offered: " + forgedNever.body());
            assertTrue(HttpFlows.signedIn(client.post(forgedNever.formAction("pkf-not-now-form"), Map.of("pkf.notNow", "1"))));
            // the one skip is spent: the offer must be taken now, and a forged "Not now" does not pass
            WebClient second = new WebClient();
            WebClient.Page mandatory = password(second, usernameStep(second, r, email), PASSWORD, "create");
            assertEquals(Pages.id(Pages.PASSKEY_NUDGE), mandatory.pageId(), mandatory.body());
            assertNull(mandatory.doc().getElementById("pkf-not-now"));
            WebClient.Page forgedSkip = second.post(mandatory.formAction("pkf-create-form"), Map.of("pkf.notNow", "1"));
            assertEquals(Pages.id(Pages.PASSKEY_NUDGE), forgedSkip.pageId(), forgedSkip.body());
            assertFalse(HttpFlows.signedIn(forgedSkip));
        }
    }

    // --- automatic upgrade (conditional create), the server half ----------------------------------

    /** The form a password manager's conditional create gives: no user presence, no verification. */
    private static Map<String, String> conditional(WebClient.Page page, SoftAuthenticator key) {
        key.flags = SoftAuthenticator.BE | SoftAuthenticator.BS;
        Map<String, String> form = HttpFlows.attestation(page, key, "");
        form.put("pkf.conditional", "1");
        form.put("transports", "internal,hybrid");
        form.put("authenticatorAttachment", "platform");
        return form;
    }

    @Test
    void conditionalCreateAfterAFreshPasswordSignInMakesOnePasskeyAndSaysSo() throws Exception {
        String email = passwordUser(realm, PASSWORD);
        String id = realm.user(email).getId();
        WebClient client = new WebClient();
        mailbox.purge();
        WebClient.Page upgrade = password(client, usernameStep(client, realm, email), PASSWORD, "create conditionalCreate");
        assertEquals(Pages.id(Pages.PASSKEY_NUDGE), upgrade.pageId(), upgrade.body());
        assertEquals("UPGRADE", upgrade.doc().getElementById("pkf-nudge").attr("data-pkf-mode"));

        // the same page posted twice at once, with two different keys: one passkey at most
        Map<String, String> first = conditional(upgrade, new SoftAuthenticator());
        Map<String, String> second = conditional(upgrade, new SoftAuthenticator());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<WebClient.Page>> answers = new ArrayList<>();
        for (Map<String, String> f : List.of(first, second)) {
            answers.add(pool.submit((Callable<WebClient.Page>) () -> client.post(upgrade.formAction("pkf-create-form"), f)));
        }
        List<WebClient.Page> pages = new ArrayList<>();
        for (Future<WebClient.Page> a : answers) pages.add(a.get());
        pool.shutdown();
        pages.forEach(p -> assertTrue(p.status() < 500, p.body()));
        long passkeys = realm.resource.users().get(id).credentials().stream().filter(c -> c.getType().equals("webauthn-passwordless")).count();
        assertEquals(1, passkeys, "one password sign-in, one automatic upgrade");

        WebClient.Page notice = pages.stream().filter(p -> Pages.id(Pages.PASSKEY_NUDGE).equals(p.pageId())
                && p.doc().getElementById("pkf-upgraded") != null).findFirst().orElseThrow(() -> new AssertionError(pages.get(0).body()));
        var mail = mailbox.await(m -> m.to().contains(email) && m.subject().contains("passkey was added"), Duration.ofSeconds(20));
        assertTrue(mail.isPresent(), "the owner is told by email");
        assertTrue(mail.get().text().contains("created a passkey"), mail.get().text());
        WebClient.Page done = client.post(notice.formAction("pkf-upgraded-form"), Map.of("pkf.continue", "1"));
        if (!HttpFlows.signedIn(done) && done.doc().getElementById("pkf-upgraded") != null) {
            // the notice picked above may be the earlier of the two racing answers, whose form Keycloak
            // no longer takes: it shows the tab's current page, the same notice, and that one continues
            done = client.post(done.formAction("pkf-upgraded-form"), Map.of("pkf.continue", "1"));
        }
        assertTrue(HttpFlows.signedIn(done), done.body());
    }

    @Test
    void anUpgradeMadeForAnotherUsersPageIsRefused() {
        String alice = passwordUser(realm, PASSWORD);
        String bob = passwordUser(realm, PASSWORD);
        WebClient a = new WebClient();
        WebClient b = new WebClient();
        WebClient.Page alicePage = password(a, usernameStep(a, realm, alice), PASSWORD, "create conditionalCreate");
        WebClient.Page bobPage = password(b, usernameStep(b, realm, bob), PASSWORD, "create conditionalCreate");
        // what Alice's password manager answered, posted into Bob's sign-in
        WebClient.Page answer = b.post(bobPage.formAction("pkf-create-form"), conditional(alicePage, new SoftAuthenticator()));
        assertTrue(answer.status() < 500, answer.body());
        assertNull(answer.doc().getElementById("pkf-upgraded"), "no passkey for Bob from Alice's ceremony");
        for (String who : List.of(alice, bob)) {
            assertTrue(realm.resource.users().get(realm.user(who).getId()).credentials().stream()
                    .noneMatch(c -> c.getType().equals("webauthn-passwordless")), who);
        }
    }

    @Test
    void theUpgradedPasskeyCanBeRemovedFromItsNotice() {
        String email = passwordUser(realm, PASSWORD);
        String id = realm.user(email).getId();
        WebClient client = new WebClient();
        WebClient.Page upgrade = password(client, usernameStep(client, realm, email), PASSWORD, "create conditionalCreate");
        WebClient.Page notice = client.post(upgrade.formAction("pkf-create-form"), conditional(upgrade, new SoftAuthenticator()));
        assertNotNull(notice.doc().getElementById("pkf-upgraded"), notice.body());
        WebClient.Page done = client.post(notice.formAction("pkf-upgraded-form"), Map.of("pkf.removeUpgraded", "1"));
        assertTrue(HttpFlows.signedIn(done), done.body());
        assertTrue(realm.resource.users().get(id).credentials().stream().noneMatch(c -> c.getType().equals("webauthn-passwordless")));
    }

    @Test
    void conditionalCreateIsRefusedAfterTheWindowAndWithoutAPasswordSignIn() throws Exception {
        try (TestRealm r = realmWith(nudgeConfig("pkf.autoUpgradeWindowSeconds", "2").andThen(nudgeConfig("pkf.nudge", "false")))) {
            String email = passwordUser(r, PASSWORD);
            String id = r.user(email).getId();
            WebClient client = new WebClient();
            WebClient.Page upgrade = password(client, usernameStep(client, r, email), PASSWORD, "create conditionalCreate");
            assertEquals("UPGRADE", upgrade.doc().getElementById("pkf-nudge").attr("data-pkf-mode"));
            Thread.sleep(3000);
            WebClient.Page late = client.post(upgrade.formAction("pkf-create-form"), conditional(upgrade, new SoftAuthenticator()));
            assertTrue(HttpFlows.signedIn(late), "the sign-in goes on, without the passkey: " + late.body());
            assertTrue(r.resource.users().get(id).credentials().stream().noneMatch(c -> c.getType().equals("webauthn-passwordless")));
        }
        // a passkey session's "create a passkey" page takes no conditional create: UP=0 is refused there
        String email = passwordUser(realm, PASSWORD);
        String id = realm.user(email).getId();
        SoftAuthenticator first = new SoftAuthenticator();
        HttpFlows.register(realm, mailbox, id, email, first);
        WebClient client = new WebClient();
        WebClient.Page login = client.get(realm.authUrl("&kc_action=" + ProviderIds.CREATE_PASSKEY));
        WebClient.Page create = client.post(login.formAction("pkf-assertion-form"), first.get(HttpFlows.rpId(login), HttpFlows.ORIGIN, HttpFlows.challenge(login)));
        assertEquals(Pages.id(Pages.CREATE_PASSKEY), create.pageId(), create.body());
        Map<String, String> silent = conditional(create, new SoftAuthenticator());
        WebClient.Page refused = client.post(create.formAction("pkf-create-form"), silent);
        assertEquals(Pages.id(Pages.CREATE_PASSKEY), refused.pageId(), refused.body());
        assertEquals(1, realm.resource.users().get(id).credentials().stream().filter(c -> c.getType().equals("webauthn-passwordless")).count());
    }
}
