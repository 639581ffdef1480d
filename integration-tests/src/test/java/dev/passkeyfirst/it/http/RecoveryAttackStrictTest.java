package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static dev.passkeyfirst.it.http.RecoverySteps.PENDING_PAGE;
import static dev.passkeyfirst.it.http.RecoverySteps.RECOVER_PAGE;
import static dev.passkeyfirst.it.http.RecoverySteps.SIGNAL_PAGE;
import static dev.passkeyfirst.it.http.RecoverySteps.create;
import static dev.passkeyfirst.it.http.RecoverySteps.postRecoverForm;
import static dev.passkeyfirst.it.http.RecoverySteps.view;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.it.http.RecoverySteps.Account;
import dev.passkeyfirst.it.http.RecoverySteps.Waiting;
import dev.passkeyfirst.keycloak.recovery.RecoveryConfigProperties;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Recovery attacked under the default {@code strict} preset, where a recovery with one proof waits
 * before its passkey works and the owner can cancel it meanwhile (issue 16, findings 1, 2 and 12, and
 * the settings that had no test: activation ending every other session, "SMS never alone", the
 * recovery-code path). The realm's waiting period is 30 minutes, so a waiting recovery stays waiting
 * for a whole test; the tests that watch a passkey (not) activate shorten it to one minute and wait.
 */
class RecoveryAttackStrictTest extends ServerTest {

    private static final String LONG_WAIT = "30";

    private RecoverySteps steps;

    @Override
    protected TestRealm createRealm() {
        TestRealm r = TestRealm.create(server, mailbox.smtpPort(), rep -> rep.getAuthenticatorConfig().stream()
                .filter(c -> c.getAlias().equals("pkf-recovery")).forEach(c -> {
                    Map<String, String> config = new HashMap<>(c.getConfig());
                    config.put(RecoveryConfigProperties.PRESET, "strict");
                    config.put(RecoveryConfigProperties.WAITING_MINUTES, LONG_WAIT);
                    config.put(RecoveryConfigProperties.SMS_SENDER, "log");
                    // every request of these tests comes from 127.0.0.1: the per-IP limit has a test of its own
                    config.put(RecoveryConfigProperties.MAILS_PER_IP, "1000");
                    c.setConfig(config);
                }));
        r.allowAdminAttributes();
        steps = new RecoverySteps(r, mailbox, server);
        return r;
    }

    /** Two recoveries of {@code a} taken to their waiting periods of one minute. */
    private List<Waiting> twoWaitingRecoveriesOfOneMinute(Account a) {
        steps.recoveryConfig(Map.of(RecoveryConfigProperties.WAITING_MINUTES, "1"));
        try {
            return List.of(steps.recoverToWaiting(a), steps.recoverToWaiting(a));
        } finally {
            steps.recoveryConfig(Map.of(RecoveryConfigProperties.WAITING_MINUTES, LONG_WAIT));
        }
    }

    // ---- finding 1: a cancel ends every recovery of the account, and nothing activates on a frozen account

    @Test
    void aSecondWaitingRecoveryDoesNotSurviveTheOwnersCancelNorActivateLater() {
        Account a = steps.account("second-waiting");
        List<Waiting> w = twoWaitingRecoveriesOfOneMinute(a);
        RecoverySteps.notMe(w.get(0).notMe());
        assertTrue(steps.frozen(a.userId()));

        RecoverySteps.sleepUntil(Math.max(w.get(0).activeFrom(), w.get(1).activeFrom()));
        boolean secondSignsIn = HttpFlows.signedIn(HttpFlows.signIn(new WebClient(), realm, w.get(1).key()));
        boolean firstSignsIn = HttpFlows.signedIn(HttpFlows.signIn(new WebClient(), realm, w.get(0).key()));
        int passkeys = steps.passkeys(a.userId()).size();
        boolean stillFrozen = steps.frozen(a.userId());
        assertAll(
                () -> assertFalse(secondSignsIn, "the second waiting passkey must not survive the owner's cancel and activate later"),
                () -> assertFalse(firstSignsIn, "the cancelled recovery's passkey never activates"),
                () -> assertEquals(1, passkeys, "only the owner's passkey"),
                () -> assertTrue(stillFrozen, "a sign-in with a passkey made by a recovery must not lift the freeze"));
    }

    // ---- "this wasn't me" during a second recovery: both end, no passkey survives, the attacker is signed out

    /**
     * Three recoveries of one account under way at once: the first waiting, its browser signed in
     * ("Continue") with tokens for the test app; the second waiting; the third past its proof, on its
     * create page. The owner answers the second one's notice: all three end.
     */
    @Test
    void notMeDuringASecondRecoveryEndsEveryRecoveryAndSignsTheAttackerOut() {
        Account a = steps.account("all-end");
        Waiting first;
        Waiting second;
        String refreshToken;
        SoftAuthenticator third = new SoftAuthenticator();
        WebClient.Page thirdAfterCancel;
        long thirdCreated;
        steps.recoveryConfig(Map.of(RecoveryConfigProperties.WAITING_MINUTES, "1"));
        try {
            first = steps.recoverToWaiting(a);
            RecoverySteps.done(first);
            refreshToken = steps.refreshToken(first.browser());
            assertEquals(200, steps.refresh(refreshToken), "the fallback session's refresh token works before the cancel");
            second = steps.recoverToWaiting(a);
            WebClient thirdBrowser = new WebClient();
            WebClient.Page thirdCreate = steps.openRecovery(thirdBrowser, a.email());
            assertEquals("create-waiting", view(thirdCreate), thirdCreate.body());

            RecoverySteps.notMe(second.notMe());
            // the third recovery goes on as if nothing happened
            thirdCreated = System.currentTimeMillis();
            thirdAfterCancel = create(thirdBrowser, thirdCreate, third);
        } finally {
            steps.recoveryConfig(Map.of(RecoveryConfigProperties.WAITING_MINUTES, LONG_WAIT));
        }
        third.userHandle = HttpFlows.utf8(a.userId());
        WebClient.Page attacker = first.browser().get(realm.authUrl());
        int refreshed = steps.refresh(refreshToken);
        boolean thirdWaits = thirdAfterCancel.body().contains("Your new passkey will work from");

        RecoverySteps.sleepUntil(Math.max(Math.max(first.activeFrom(), second.activeFrom()), thirdCreated + 60_000));
        boolean firstSignsIn = HttpFlows.signedIn(HttpFlows.signIn(new WebClient(), realm, first.key()));
        boolean secondSignsIn = HttpFlows.signedIn(HttpFlows.signIn(new WebClient(), realm, second.key()));
        boolean thirdSignsIn = HttpFlows.signedIn(HttpFlows.signIn(new WebClient(), realm, third));
        int passkeys = steps.passkeys(a.userId()).size();
        assertAll(
                () -> assertFalse(firstSignsIn, "the first recovery ended with the second one's 'this wasn't me': its passkey never works"),
                () -> assertFalse(secondSignsIn, "the second recovery's passkey never works"),
                () -> assertFalse(thirdWaits, "the third recovery cannot create a passkey on the frozen account"),
                () -> assertFalse(thirdSignsIn, "the third recovery's passkey never works"),
                () -> assertEquals(1, passkeys, "no recovered passkey survives"),
                () -> assertFalse(HttpFlows.signedIn(attacker),
                        "the attacker's fallback session was signed out; it signed in to the test app: " + attacker.location()),
                () -> assertNotEquals(200, refreshed, "the attacker's refresh token no longer refreshes"));
    }

    // ---- finding 2: cancelling a waiting recovery signs the attacker's fallback session out

    @Test
    void cancellingFromADeviceSignsTheAttackersFallbackSessionOut() {
        Account a = steps.account("device-cancel");
        Waiting w = steps.recoverToWaiting(a);
        RecoverySteps.done(w);
        String refreshToken = steps.refreshToken(w.browser());
        assertEquals(200, steps.refresh(refreshToken));

        WebClient owner = new WebClient();
        WebClient.Page pending = HttpFlows.signIn(owner, realm, a.passkey());
        assertEquals(PENDING_PAGE, pending.pageId(), "the owner's passkey sign-in asks about the waiting recovery: " + pending.body());
        WebClient.Page cancelled = postRecoverForm(owner, pending, Map.of("pkf.recoveryCancel", "1"));
        assertTrue(HttpFlows.signedIn(cancelled), "the owner goes on signed in: " + cancelled.status() + " " + cancelled.body());

        assertAttackerSignedOut(w, refreshToken);
    }

    @Test
    void cancellingFromTheNoticeSignsTheAttackersFallbackSessionOut() {
        Account a = steps.account("notice-cancel");
        Waiting w = steps.recoverToWaiting(a);
        RecoverySteps.done(w);
        String refreshToken = steps.refreshToken(w.browser());
        assertEquals(200, steps.refresh(refreshToken));

        WebClient.Page undone = RecoverySteps.notMe(w.notMe());
        assertTrue(undone.body().contains("The recovery was cancelled"), undone.body());

        assertAttackerSignedOut(w, refreshToken);
    }

    private void assertAttackerSignedOut(Waiting w, String refreshToken) {
        WebClient.Page attacker = w.browser().get(realm.authUrl());
        int refreshed = steps.refresh(refreshToken);
        assertAll(
                () -> assertFalse(HttpFlows.signedIn(attacker),
                        "the cancelled recovery's fallback session must not sign in to the app any more: " + attacker.location()),
                () -> assertEquals(Pages.id(Pages.LOGIN), attacker.pageId(), "the attacker's browser sees the sign-in page"),
                () -> assertNotEquals(200, refreshed, "the fallback session's refresh token no longer refreshes"));
    }

    // ---- finding 12: a waiting recovered passkey is never "unknown"

    @Test
    void aWaitingRecoveredPasskeyIsNotSignalledAsUnknownAndTheUserIsToldWhenItWorks() {
        Account a = steps.account("not-unknown");
        Waiting w = steps.recoverToWaiting(a);

        WebClient.Page early = HttpFlows.signIn(new WebClient(), realm, w.key());
        assertFalse(HttpFlows.signedIn(early), "not before its waiting period ends");
        assertTrue(early.status() < 500, early.body());
        Element unknown = early.doc().getElementById("pkf-unknown-credential");
        assertAll(
                () -> assertNull(unknown, "the page would make the browser delete the waiting passkey with signalUnknownCredential: "
                        + (unknown == null ? "" : unknown.data())),
                () -> assertTrue(tellsTime(early, w.activeFrom()),
                        "the page says from when the passkey works (" + w.activeFrom() + "); it says: " + early.error()));
    }

    /** A {@code <time>} on the page for that instant, as this theme writes them (epoch millis) or as an ISO date-time. */
    private static boolean tellsTime(WebClient.Page page, long epochMillis) {
        for (Element t : page.doc().select("time")) {
            if (t.attr("data-pkf-datetime").equals(Long.toString(epochMillis))) return true;
            try {
                if (!t.attr("datetime").isEmpty() && Math.abs(Instant.parse(t.attr("datetime")).toEpochMilli() - epochMillis) < 1000) return true;
            } catch (RuntimeException notIso) {
                // not this one
            }
        }
        return false;
    }

    @Test
    void theSignalApiKeepsAWaitingRecoveredPasskeyAmongTheAcceptedOnes() {
        Account a = steps.account("accepted");
        SoftAuthenticator second = new SoftAuthenticator();
        assertTrue(HttpFlows.addPasskey(realm, a.passkey(), second, "second").status() < 400);
        Waiting w = steps.recoverToWaiting(a);
        String pendingId = w.key().credentialIdB64();

        // a passkey sign-in in a browser that has the Signal API ("It was me" when asked about the recovery)
        WebClient browser = new WebClient();
        WebClient.Page login = browser.get(realm.authUrl());
        Map<String, String> assertion = a.passkey().get(HttpFlows.rpId(login), login.origin(), HttpFlows.challenge(login));
        assertion.put("pkf.signal", "1");
        WebClient.Page afterSignIn = keep(browser, browser.post(login.formAction("pkf-assertion-form"), assertion));

        // "Your passkeys": removing one tells the browser which passkeys remain
        WebClient other = new WebClient();
        WebClient.Page login2 = other.get(realm.authUrl("&kc_action=" + ProviderIds.PASSKEYS));
        WebClient.Page passkeys = keep(other, other.post(login2.formAction("pkf-assertion-form"),
                a.passkey().get(HttpFlows.rpId(login2), login2.origin(), HttpFlows.challenge(login2))));
        assertEquals(Pages.id(Pages.PASSKEYS), passkeys.pageId(), passkeys.body());
        String secondId = steps.passkeys(a.userId()).stream().filter(c -> "second".equals(c.getUserLabel()))
                .map(CredentialRepresentation::getId).findFirst().orElseThrow();
        WebClient.Page confirm = postRecoverForm(other, passkeys, Map.of("pkf.remove", secondId));
        WebClient.Page removed = postRecoverForm(other, confirm, Map.of("pkf.removeConfirmed", secondId));
        assertTrue(removed.body().contains("The passkey was removed"), removed.body());

        assertAll(
                () -> assertEquals(SIGNAL_PAGE, afterSignIn.pageId(),
                        "after a successful sign-in the browser gets signalAllAcceptedCredentials (it said it has the Signal API)"),
                () -> assertTrue(acceptedIds(afterSignIn).contains(pendingId),
                        "the sign-in's accepted list keeps the waiting passkey " + pendingId + ": " + acceptedIds(afterSignIn)),
                () -> assertTrue(acceptedIds(removed).contains(pendingId),
                        "the passkeys page's accepted list keeps the waiting passkey " + pendingId + ": " + acceptedIds(removed)));
    }

    /** "It was me: keep it" on the page that asks the owner about a waiting recovery, if that page is shown. */
    private static WebClient.Page keep(WebClient browser, WebClient.Page page) {
        return PENDING_PAGE.equals(page.pageId()) ? postRecoverForm(browser, page, Map.of("pkf.recoveryKeep", "1")) : page;
    }

    private static List<String> acceptedIds(WebClient.Page page) {
        Element e = page.doc().getElementById("pkf-signal-data");
        if (e == null) return List.of();
        List<String> out = new ArrayList<>();
        page.data("pkf-signal-data").path("allAcceptedCredentialIds").forEach(n -> out.add(n.asText()));
        return out;
    }

    // ---- finding 1: one recovery code, posted from several browsers at the same instant, opens one recovery

    @Test
    void oneRecoveryCodePostedFromSeveralBrowsersAtOnceOpensOneRecovery() throws Exception {
        List<String> codes = RecoverySteps.newCodes();
        Account a = steps.accountWithCodes("code-race", codes);
        int browsers = 4;
        List<WebClient> clients = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        for (int i = 0; i < browsers; i++) {
            WebClient b = new WebClient();
            WebClient.Page sent = steps.ask(b, a.email());
            WebClient.Page prompt = b.post(sent.doc().selectFirst("form").absUrl("action"), Map.of("pkf.useCode", "1"));
            clients.add(b);
            actions.add(prompt.formAction("pkf-code-form"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(browsers);
        List<WebClient.Page> pages = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<WebClient.Page>> results = new ArrayList<>();
            for (int i = 0; i < browsers; i++) {
                WebClient b = clients.get(i);
                String action = actions.get(i);
                results.add(pool.submit(() -> {
                    go.await();
                    return b.post(action, Map.of("pkf.code", codes.get(0)));
                }));
            }
            go.countDown();
            for (Future<WebClient.Page> f : results) pages.add(f.get());
        } finally {
            pool.shutdown();
        }
        List<String> outcomes = pages.stream().map(p -> p.status() + " " + p.pageId() + " " + view(p)).toList();
        long continued = pages.stream().filter(p -> RECOVER_PAGE.equals(p.pageId())).count();
        int sets = steps.credentials(a.userId(), RecoverySteps.CODES).size();
        assertAll(
                () -> assertTrue(pages.stream().allMatch(p -> p.status() < 500), "no server error: " + outcomes),
                () -> assertEquals(1, continued, "one recovery code, one recovery: " + outcomes),
                () -> assertEquals(1, sets, "one fresh set of codes"));
    }

    // ---- settings without a test until now

    /**
     * A used recovery code shows a fresh set to whoever used it. The owner's cancel from a device ends
     * that recovery, and must retire that set too: else, once the owner's next sign-in lifts the
     * freeze, each of its codes opens another recovery (one proof, one recovery: DESIGN §5).
     */
    @Test
    void codesShownInACancelledRecoveryOpenNoOtherRecovery() {
        List<String> codes = RecoverySteps.newCodes();
        Account a = steps.accountWithCodes("codes-cancel", codes);
        WebClient attacker = new WebClient();
        WebClient.Page sent = steps.ask(attacker, a.email());
        WebClient.Page prompt = attacker.post(sent.doc().selectFirst("form").absUrl("action"), Map.of("pkf.useCode", "1"));
        WebClient.Page shown = attacker.post(prompt.formAction("pkf-code-form"), Map.of("pkf.code", codes.get(0)));
        List<String> fresh = shown.doc().select("#pkf-new-codes code").eachText();
        assertEquals(12, fresh.size(), shown.body());
        WebClient.Page proofs = postRecoverForm(attacker, shown, Map.of("pkf.codesSaved", "1"));
        WebClient.Page create = attacker.post(proofs.formAction("pkf-proofs-form"), Map.of("pkf.wait", "1"));
        assertEquals("create-waiting", view(create), create.body());
        assertTrue(RecoverySteps.create(attacker, create, new SoftAuthenticator()).body().contains("Your new passkey will work from"));

        WebClient owner = new WebClient();
        WebClient.Page pending = HttpFlows.signIn(owner, realm, a.passkey());
        assertEquals(PENDING_PAGE, pending.pageId(), pending.body());
        assertTrue(HttpFlows.signedIn(postRecoverForm(owner, pending, Map.of("pkf.recoveryCancel", "1"))));
        assertEquals(List.of(), steps.credentials(a.userId(), RecoverySteps.CODES), "the set the recovery showed is retired");
        assertTrue(HttpFlows.signedIn(HttpFlows.signIn(new WebClient(), realm, a.passkey())), "the owner's next sign-in");
        assertFalse(steps.frozen(a.userId()), "the owner's passkey lifted the freeze");

        WebClient again = new WebClient();
        WebClient.Page sent2 = steps.ask(again, a.email());
        WebClient.Page prompt2 = again.post(sent2.doc().selectFirst("form").absUrl("action"), Map.of("pkf.useCode", "1"));
        WebClient.Page refused = again.post(prompt2.formAction("pkf-code-form"), Map.of("pkf.code", fresh.get(0)));
        assertTrue(refused.status() < 500, refused.body());
        assertNotEquals(RECOVER_PAGE, refused.pageId(), "a code the cancelled recovery showed opens no recovery");
    }

    /** The recovery-code path that succeeds: used code, new passkey, a fresh set of codes that is stored and shown. */
    @Test
    void aUsedRecoveryCodeLeadsToANewPasskeyAndAFreshSetOfCodes() {
        List<String> codes = RecoverySteps.newCodes();
        Account a = steps.accountWithCodes("codes", codes);
        String oldSet = steps.credentials(a.userId(), RecoverySteps.CODES).get(0).getId();
        WebClient browser = new WebClient();
        WebClient.Page sent = steps.ask(browser, a.email());
        WebClient.Page prompt = browser.post(sent.doc().selectFirst("form").absUrl("action"), Map.of("pkf.useCode", "1"));
        // any unused code of the set, typed in lower case with a dash
        String typed = codes.get(5).substring(0, 6).toLowerCase() + "-" + codes.get(5).substring(6).toLowerCase();
        WebClient.Page shown = browser.post(prompt.formAction("pkf-code-form"), Map.of("pkf.code", typed));
        assertEquals(RECOVER_PAGE, shown.pageId(), shown.body());
        assertEquals("codes", view(shown), "the new codes are shown first");
        List<String> fresh = shown.doc().select("#pkf-new-codes code").eachText();
        assertEquals(12, fresh.size(), shown.body());
        assertTrue(Collections.disjoint(fresh, codes), "a new set, not the old one");
        // issued, not merely offered: the account holds the new set before the user says it is saved
        List<CredentialRepresentation> sets = steps.credentials(a.userId(), RecoverySteps.CODES);
        assertEquals(1, sets.size());
        assertNotEquals(oldSet, sets.get(0).getId(), "the used set is retired");

        // strict: a second proof of another kind (a code emailed now) makes the new passkey work at once
        WebClient.Page proofs = postRecoverForm(browser, shown, Map.of("pkf.codesSaved", "1"));
        assertEquals("proofs", view(proofs), proofs.body());
        mailbox.purge();
        WebClient.Page otp = browser.post(proofs.formAction("pkf-proofs-form"), Map.of("pkf.method", "EMAIL"));
        WebClient.Page create = browser.post(otp.formAction("pkf-otp-form"), Map.of("pkf.otp", steps.emailCode(a.email())));
        assertEquals("create", view(create), create.body());
        SoftAuthenticator key = new SoftAuthenticator();
        WebClient.Page review = create(browser, create, key);
        assertTrue(review.body().contains("Your account is recovered"), review.body());
        assertTrue(postRecoverForm(browser, review, Map.of("pkf.review", "1")).status() < 400);
        assertTrue(HttpFlows.signedIn(HttpFlows.signIn(new WebClient(), realm, key)), "the new passkey works");

        // the old codes prove nothing any more; a new one does
        WebClient later = new WebClient();
        WebClient.Page sent2 = steps.ask(later, a.email());
        WebClient.Page prompt2 = later.post(sent2.doc().selectFirst("form").absUrl("action"), Map.of("pkf.useCode", "1"));
        WebClient.Page old = later.post(prompt2.formAction("pkf-code-form"), Map.of("pkf.code", codes.get(0)));
        assertNotEquals(RECOVER_PAGE, old.pageId(), "a code of the retired set");
        WebClient.Page renewed = later.post(old.formAction("pkf-code-form"), Map.of("pkf.code", fresh.get(0)));
        assertEquals(RECOVER_PAGE, renewed.pageId(), "a code of the new set is a proof: " + renewed.body());
    }

    /**
     * "SMS never alone": an account whose only proof would be its phone (its email is not verified,
     * it has no recovery codes) cannot be recovered at all; no text message is even sent.
     */
    @Test
    void smsAloneNeverRecoversAnAccount() {
        Account a = steps.account("sms-only");
        String phone = "+15550007711";
        realm.setPhone(a.userId(), phone);
        UserRepresentation u = realm.resource.users().get(a.userId()).toRepresentation();
        u.setEmailVerified(false);
        realm.resource.users().get(a.userId()).update(u);

        int mark = server.logLineCount();
        mailbox.purge();
        WebClient browser = new WebClient();
        WebClient.Page sent = steps.ask(browser, a.email());
        assertTrue(sent.body().contains("If an account exists for " + a.email()), "the usual answer: " + sent.body());
        assertNull(sent.doc().selectFirst("[name=pkf.method]"), "no text-message proof is offered before another proof");
        // forged: asking the first page for an SMS, then guessing a six-digit code as a recovery code
        WebClient.Page forged = browser.post(sent.doc().selectFirst("form").absUrl("action"), Map.of("pkf.method", "SMS"));
        assertTrue(forged.status() < 500, forged.body());
        WebClient.Page prompt = browser.post(forged.doc().selectFirst("form").absUrl("action"), Map.of("pkf.useCode", "1"));
        WebClient.Page guess = browser.post(prompt.formAction("pkf-code-form"), Map.of("pkf.code", "123456"));
        assertNotEquals(RECOVER_PAGE, guess.pageId(), guess.body());

        RecoverySteps.sleep(3000);
        assertFalse(steps.smsLoggedSince(mark), "no text message went out");
        // (the notice of the passkey made when the account was set up is sent after its commit and may land late)
        assertTrue(mailbox.messages().stream().noneMatch(m -> m.to().contains(a.email()) && !m.subject().contains("passkey was added")),
                "no email either");
        assertEquals(1, steps.passkeys(a.userId()).size());
    }

    /**
     * Activation ends every other session of the account, and an old refresh token no longer
     * refreshes: strict, with two proofs (the email link, then an SMS code), so the passkey works at once.
     */
    @Test
    void activationAfterTwoProofsEndsEveryOtherSessionAndRefreshToken() {
        Account a = steps.account("two-proofs");
        String phone = "+15550007722";
        realm.setPhone(a.userId(), phone);
        WebClient elsewhere = new WebClient();
        assertTrue(HttpFlows.signedIn(HttpFlows.signIn(elsewhere, realm, a.passkey())));
        String refreshToken = steps.refreshToken(elsewhere);
        assertEquals(200, steps.refresh(refreshToken));

        WebClient browser = new WebClient();
        WebClient.Page proofs = steps.openRecovery(browser, a.email());
        assertEquals("proofs", view(proofs), proofs.body());
        int mark = server.logLineCount();
        WebClient.Page otp = browser.post(proofs.formAction("pkf-proofs-form"), Map.of("pkf.method", "SMS"));
        WebClient.Page create = browser.post(otp.formAction("pkf-otp-form"), Map.of("pkf.otp", steps.smsCodeFromLog(mark, phone)));
        assertEquals("create", view(create), "an email link and an SMS code: two kinds, active at once");
        WebClient.Page review = create(browser, create, new SoftAuthenticator());
        assertTrue(review.body().contains("Your account is recovered"), review.body());

        assertFalse(steps.signedInByCookie(elsewhere), "the session from before the recovery was signed out");
        assertNotEquals(200, steps.refresh(refreshToken), "its refresh token no longer refreshes");
    }
}
