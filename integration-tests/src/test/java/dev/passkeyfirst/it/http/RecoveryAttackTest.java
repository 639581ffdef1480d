package dev.passkeyfirst.it.http;

import static dev.passkeyfirst.it.http.RecoverySteps.RECOVER_PAGE;
import static dev.passkeyfirst.it.http.RecoverySteps.create;
import static dev.passkeyfirst.it.http.RecoverySteps.postRecoverForm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.it.http.RecoverySteps.Account;
import dev.passkeyfirst.keycloak.recovery.RecoveryConfigProperties;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;

/**
 * Recovery attacked by someone who holds the owner's mailbox, under the {@code consumer} preset (one
 * email proof, the new passkey works at once), where every extra recovery is an account taken over
 * (issue 16, findings 1 and 7; DESIGN §5: one proof opens at most one recovery, bound to the browser
 * that redeemed it; "this wasn't me" ends every recovery under way; a frozen account can neither
 * start nor finish one; removals during the review are notified).
 */
class RecoveryAttackTest extends ServerTest {

    private RecoverySteps steps;

    @Override
    protected TestRealm createRealm() {
        TestRealm r = TestRealm.create(server, mailbox.smtpPort(), rep -> rep.getAuthenticatorConfig().stream()
                .filter(c -> c.getAlias().equals("pkf-recovery")).forEach(c -> {
                    Map<String, String> config = new HashMap<>(c.getConfig());
                    config.put(RecoveryConfigProperties.PRESET, "consumer");
                    // every request of these tests comes from 127.0.0.1: the per-IP limit has a test of its own
                    config.put(RecoveryConfigProperties.MAILS_PER_IP, "1000");
                    c.setConfig(config);
                }));
        r.allowAdminAttributes();
        steps = new RecoverySteps(r, mailbox, server);
        return r;
    }

    private List<String> passkeyIds(String userId) {
        return steps.passkeys(userId).stream().map(CredentialRepresentation::getId).toList();
    }

    /**
     * Finding 1: the link's POST answers with Keycloak's action-token URL; opened in a second browser
     * (none of the first one's cookies) it must not start a recovery there, and the browser that
     * redeemed the link keeps its own.
     */
    @Test
    void theTokenUrlOfARedeemedLinkStartsNoRecoveryInAnotherBrowser() {
        Account a = steps.account("two-browsers");
        WebClient redeeming = new WebClient();
        String tokenUrl = steps.redeem(redeeming, steps.askForLink(a.email()));

        // the attacker is quicker: the second browser opens the URL before the first one follows it
        WebClient.Page elsewhere = new WebClient().get(tokenUrl);
        assertTrue(elsewhere.status() < 500, elsewhere.status() + " " + elsewhere.body());
        assertNotEquals(RECOVER_PAGE, elsewhere.pageId(),
                "a second browser on the recovery's action-token URL must not start a second recovery (view '"
                        + RecoverySteps.view(elsewhere) + "')");
        assertNull(elsewhere.doc().getElementById("pkf-create-form"), "no way to create a passkey there");

        WebClient.Page mine = redeeming.get(tokenUrl);
        assertEquals(RECOVER_PAGE, mine.pageId(), "the browser that redeemed the link goes on: " + mine.body());
        WebClient.Page review = create(redeeming, mine, new SoftAuthenticator());
        assertTrue(review.body().contains("Your account is recovered"), review.body());
        assertEquals(2, steps.passkeys(a.userId()).size());
    }

    /** Finding 1: the same browser following the token URL twice (reload, second tab, replay) still gets one recovery. */
    @Test
    void followingTheTokenUrlTwiceInOneBrowserAddsOnePasskey() {
        Account a = steps.account("twice");
        WebClient browser = new WebClient();
        String tokenUrl = steps.redeem(browser, steps.askForLink(a.email()));
        WebClient.Page first = browser.get(tokenUrl);
        assertEquals(RECOVER_PAGE, first.pageId(), first.body());
        WebClient.Page second = browser.get(tokenUrl);
        assertTrue(second.status() < 500, second.status() + " " + second.body());

        WebClient.Page one = create(browser, first, new SoftAuthenticator());
        assertTrue(one.status() < 500, one.body());
        if (second.doc().getElementById("pkf-create-form") != null) {
            WebClient.Page two = create(browser, second, new SoftAuthenticator());
            assertTrue(two.status() < 500, two.body());
        }
        assertEquals(2, steps.passkeys(a.userId()).size(),
                "one proof, one recovery: the owner's passkey and exactly one recovered passkey, got " + passkeyIds(a.userId()));
    }

    /**
     * Finding 1, the attack as reported: with the owner's mailbox, open the token URL in two
     * browsers, finish one, the owner says "this wasn't me", finish the other. The second must be
     * refused and add no passkey.
     */
    @Test
    void theMailboxAttackerIsNotBackInAfterTheOwnersNotMe() {
        Account a = steps.account("attack");
        String ownersPasskey = passkeyIds(a.userId()).get(0);
        WebClient first = new WebClient();
        WebClient second = new WebClient();
        String tokenUrl = steps.redeem(first, steps.askForLink(a.email()));
        WebClient.Page create1 = first.get(tokenUrl);
        assertEquals(RECOVER_PAGE, create1.pageId(), create1.body());
        WebClient.Page create2 = second.get(tokenUrl);

        Set<String> seen = Set.copyOf(steps.notMeLinks(a.email()));
        WebClient.Page review = create(first, create1, new SoftAuthenticator());
        assertTrue(review.body().contains("Your account is recovered"), review.body());
        assertTrue(postRecoverForm(first, review, Map.of("pkf.review", "1")).status() < 400);

        WebClient.Page undone = RecoverySteps.notMe(steps.awaitNotMe(a.email(), seen));
        assertTrue(undone.body().contains("The recovery was cancelled"), undone.body());
        assertEquals(List.of(ownersPasskey), passkeyIds(a.userId()), "the first recovered passkey is gone");
        assertTrue(steps.frozen(a.userId()));

        // the attacker finishes what the second browser holds, if it holds anything
        SoftAuthenticator again = new SoftAuthenticator();
        if (create2.doc().getElementById("pkf-create-form") != null) {
            WebClient.Page refused = create(second, create2, again);
            assertTrue(refused.status() < 500, refused.body());
            if (refused.body().contains("Your account is recovered")) postRecoverForm(second, refused, Map.of("pkf.review", "1"));
        }
        assertEquals(List.of(ownersPasskey), passkeyIds(a.userId()),
                "after 'this wasn't me' the second browser's recovery must add no passkey");
        assertFalse(HttpFlows.signedIn(HttpFlows.signIn(new WebClient(), realm, again)), "the attacker is not back in");
    }

    /**
     * A second recovery that made its passkey work and stands at its review when the owner says "this
     * wasn't me" about the first is a recovery under way: it ends too, passkey and all, so that
     * passkey neither signs in nor lifts the freeze (DESIGN §5).
     */
    @Test
    void aSecondRecoveryAtItsReviewLosesItsPasskeyToTheOwnersNotMe() {
        Account a = steps.account("at-review");
        String ownersPasskey = passkeyIds(a.userId()).get(0);
        WebClient one = new WebClient();
        WebClient two = new WebClient();
        WebClient.Page create1 = steps.openRecovery(one, a.email());
        WebClient.Page create2 = steps.openRecovery(two, a.email());
        Set<String> seen = Set.copyOf(steps.notMeLinks(a.email()));
        assertTrue(create(one, create1, new SoftAuthenticator()).body().contains("Your account is recovered"));
        String notMeFirst = steps.awaitNotMe(a.email(), seen);
        SoftAuthenticator second = new SoftAuthenticator();
        WebClient.Page review2 = create(two, create2, second);
        assertTrue(review2.body().contains("Your account is recovered"), review2.body());
        assertEquals(3, passkeyIds(a.userId()).size());

        RecoverySteps.notMe(notMeFirst);
        assertEquals(List.of(ownersPasskey), passkeyIds(a.userId()), "the passkey of the recovery at its review is gone too");
        second.userHandle = HttpFlows.utf8(a.userId());
        assertFalse(HttpFlows.signedIn(HttpFlows.signIn(new WebClient(), realm, second)), "it signs in no more");
        assertTrue(steps.frozen(a.userId()), "and lifted no freeze");
        WebClient.Page late = postRecoverForm(two, review2, Map.of("pkf.review", "1"));
        assertTrue(late.status() < 500, late.body());
        assertEquals(List.of(ownersPasskey), passkeyIds(a.userId()));
    }

    /** A recovery whose review is done is a recovery of its own: another one's "this wasn't me" leaves its passkey. */
    @Test
    void aRecoveryWhoseReviewIsDoneKeepsItsPasskeyWhenAnotherIsDisowned() {
        Account a = steps.account("reviewed");
        String ownersPasskey = passkeyIds(a.userId()).get(0);
        Set<String> before = Set.copyOf(steps.notMeLinks(a.email()));
        WebClient one = new WebClient();
        WebClient.Page review = create(one, steps.openRecovery(one, a.email()), new SoftAuthenticator());
        assertTrue(postRecoverForm(one, review, Map.of("pkf.review", "1")).status() < 400);
        String reviewed = passkeyIds(a.userId()).stream().filter(id -> !id.equals(ownersPasskey)).findFirst().orElseThrow();

        // the first recovery's own notice is not the one disowned here
        Set<String> seen = new java.util.HashSet<>(before);
        seen.add(steps.awaitNotMe(a.email(), before));
        WebClient two = new WebClient();
        assertTrue(create(two, steps.openRecovery(two, a.email()), new SoftAuthenticator()).body().contains("Your account is recovered"));
        RecoverySteps.notMe(steps.awaitNotMe(a.email(), seen));
        assertEquals(List.of(ownersPasskey, reviewed).stream().sorted().toList(), passkeyIds(a.userId()).stream().sorted().toList(),
                "only the disowned recovery's passkey went");
    }

    /**
     * The passkey "this wasn't me" removes is a removal like any other (DESIGN §5): an event naming it
     * and a "passkey removed" email to the owner.
     */
    @Test
    void theRecoveredPasskeyNotMeRemovesIsAnEventAndANotice() {
        Account a = steps.account("not-me-removal");
        String ownersPasskey = passkeyIds(a.userId()).get(0);
        WebClient attacker = new WebClient();
        WebClient.Page create = steps.openRecovery(attacker, a.email());
        Set<String> seen = Set.copyOf(steps.notMeLinks(a.email()));
        assertTrue(create(attacker, create, new SoftAuthenticator()).body().contains("Your account is recovered"));
        String recovered = passkeyIds(a.userId()).stream().filter(id -> !id.equals(ownersPasskey)).findFirst().orElseThrow();
        mailbox.purge();

        RecoverySteps.notMe(steps.awaitNotMe(a.email(), seen));
        assertFalse(passkeyIds(a.userId()).contains(recovered), "the recovered passkey is gone");
        assertTrue(mailbox.await(m -> m.to().contains(a.email()) && m.subject().startsWith("A passkey was removed"), Duration.ofSeconds(15)).isPresent(),
                "the owner is told of the removal");
        assertTrue(realm.resource.getEvents(null, null, a.userId(), null, null, null, 0, 200).stream()
                        .anyMatch(e -> e.getDetails() != null && "passkey_removed".equals(e.getDetails().get("pkf_action"))
                                && recovered.equals(e.getDetails().get("pkf_credential_id"))),
                "an event names the removed passkey");
    }

    /**
     * Finding 1: "this wasn't me" freezes the account; a recovery that was already past its proof
     * (its own link, another browser, waiting on the create page) cannot create its passkey after that.
     */
    @Test
    void aRecoveryPastItsProofCannotCreateItsPasskeyAfterNotMe() {
        Account a = steps.account("past-proof");
        String ownersPasskey = passkeyIds(a.userId()).get(0);
        SecondRecovery s = ownerSaysNotMeWhileASecondRecoveryWaitsToCreate(a);

        WebClient.Page refused = create(s.browser(), s.createPage(), s.key());
        assertTrue(refused.status() < 500, refused.body());
        assertEquals(List.of(ownersPasskey), passkeyIds(a.userId()),
                "a frozen account cannot finish a recovery: no passkey may be created after 'this wasn't me' ("
                        + RecoverySteps.view(refused) + ")");
        assertFalse(HttpFlows.signedIn(HttpFlows.signIn(new WebClient(), realm, s.key())));
    }

    /**
     * Finding 1: a frozen account cannot start a recovery either: a link confirmed before the owner's
     * "this wasn't me" leads to an action-token URL that must not open a recovery after it.
     */
    @Test
    void aTokenUrlTakenBeforeTheFreezeStartsNoRecoveryAfterIt() {
        Account a = steps.account("token-after-freeze");
        String ownersPasskey = passkeyIds(a.userId()).get(0);
        WebClient one = new WebClient();
        WebClient.Page create1 = steps.openRecovery(one, a.email());
        // the attacker confirms a second link, and keeps the URL it leads to for later
        WebClient two = new WebClient();
        String tokenUrl = steps.redeem(two, steps.askForLink(a.email()));

        Set<String> seen = Set.copyOf(steps.notMeLinks(a.email()));
        assertTrue(create(one, create1, new SoftAuthenticator()).body().contains("Your account is recovered"));
        RecoverySteps.notMe(steps.awaitNotMe(a.email(), seen));
        assertTrue(steps.frozen(a.userId()));

        WebClient.Page late = two.get(tokenUrl);
        assertTrue(late.status() < 500, late.status() + " " + late.body());
        assertNotEquals(RECOVER_PAGE, late.pageId(), "a frozen account starts no recovery (view '" + RecoverySteps.view(late) + "')");
        if (late.doc().getElementById("pkf-create-form") != null) create(two, late, new SoftAuthenticator());
        assertEquals(List.of(ownersPasskey), passkeyIds(a.userId()));
    }

    /**
     * Finding 1: the freeze is lifted only by a sign-in with a passkey the account had before the
     * freeze, never by one that a recovery created (the attacker's).
     */
    @Test
    void theFreezeIsLiftedOnlyByAPasskeyOlderThanIt() {
        Account a = steps.account("freeze");
        SecondRecovery s = ownerSaysNotMeWhileASecondRecoveryWaitsToCreate(a);
        // whatever the server makes of it, the attacker tries to finish and then to sign in with the result
        create(s.browser(), s.createPage(), s.key());
        HttpFlows.signIn(new WebClient(), realm, s.key());
        assertTrue(steps.frozen(a.userId()), "a passkey created after the freeze must not lift it");
        mailbox.purge();
        steps.ask(new WebClient(), a.email());
        // (the notice of the removal "this wasn't me" made may still be on its way: only a recovery email counts)
        assertTrue(mailbox.await(m -> m.to().contains(a.email()) && m.subject().contains("Recover your"), Duration.ofSeconds(3)).isEmpty(),
                "still frozen: no recovery email goes out");

        assertTrue(HttpFlows.signedIn(HttpFlows.signIn(new WebClient(), realm, a.passkey())), "the owner's own passkey signs in");
        assertFalse(steps.frozen(a.userId()), "and lifts the freeze");
    }

    private record SecondRecovery(WebClient browser, WebClient.Page createPage, SoftAuthenticator key) {
    }

    /**
     * Two recoveries of one account, each with a link of its own: the first is finished, the second
     * stops on its create page; then the owner answers the first one's notice with "this wasn't me".
     */
    private SecondRecovery ownerSaysNotMeWhileASecondRecoveryWaitsToCreate(Account a) {
        WebClient one = new WebClient();
        WebClient.Page create1 = steps.openRecovery(one, a.email());
        WebClient two = new WebClient();
        WebClient.Page create2 = steps.openRecovery(two, a.email());
        assertEquals("create", RecoverySteps.view(create2), create2.body());

        Set<String> seen = Set.copyOf(steps.notMeLinks(a.email()));
        WebClient.Page review = create(one, create1, new SoftAuthenticator());
        assertTrue(review.body().contains("Your account is recovered"), review.body());
        WebClient.Page undone = RecoverySteps.notMe(steps.awaitNotMe(a.email(), seen));
        assertTrue(undone.body().contains("The recovery was cancelled"), undone.body());
        assertEquals(1, steps.passkeys(a.userId()).size(), "the first recovery's passkey is gone");
        assertTrue(steps.frozen(a.userId()));
        return new SecondRecovery(two, create2, new SoftAuthenticator());
    }

    /** Finding 7: a passkey removed in the recovery's review is a removal like any other: its owner is told. */
    @Test
    void passkeysRemovedInTheRecoveryReviewAreNotified() {
        Account a = steps.account("review");
        String lost = passkeyIds(a.userId()).get(0);
        WebClient browser = new WebClient();
        WebClient.Page create = steps.openRecovery(browser, a.email());
        WebClient.Page review = create(browser, create, new SoftAuthenticator());
        assertNotNull(review.doc().selectFirst("input[name=remove][value=" + lost + "]"), review.body());

        mailbox.purge();
        WebClient.Page done = browser.post(review.formAction("pkf-review-form"), Map.of("pkf.review", "1", "remove", lost));
        assertTrue(done.status() < 400, done.status() + " " + done.body());
        assertFalse(passkeyIds(a.userId()).contains(lost), "the lost passkey was removed");
        assertEquals(1, steps.passkeys(a.userId()).size());
        assertTrue(mailbox.await(m -> m.to().contains(a.email()) && m.subject().contains("A passkey was removed"), Duration.ofSeconds(20)).isPresent(),
                "the owner gets the removal email for a passkey removed during the recovery review");
    }
}
