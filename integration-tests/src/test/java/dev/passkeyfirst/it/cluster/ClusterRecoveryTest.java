package dev.passkeyfirst.it.cluster;

import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static dev.passkeyfirst.it.cluster.ClusterDevices.askForRecovery;
import static dev.passkeyfirst.it.cluster.ClusterDevices.bindingOf;
import static dev.passkeyfirst.it.cluster.ClusterDevices.mails;
import static dev.passkeyfirst.it.cluster.ClusterDevices.recoveryLink;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.passkeyfirst.it.http.HttpFlows;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Issue 9, scenario 4 and the recovery halves of 5 and 6: a recovery whose link is made on one node
 * and used on the other, the per-account limit on recovery emails shared by both nodes, and one link
 * redeemed 50 times at once across both nodes. The link is an entry of the cluster's single-use store
 * (taken with one atomic {@code remove}); the limits are {@code putIfAbsent} slots in the same store.
 *
 * <p>This class's realm runs the 'consumer' preset, so an account with only an email recovers to a
 * passkey that works at once; {@link ClusterFailoverTest} runs the 'strict' preset's waiting period.
 */
class ClusterRecoveryTest extends ClusterTest {

    private int users;

    @Override
    protected void adjustRealm(RealmRepresentation rep) {
        rep.getAuthenticatorConfig().stream().filter(c -> c.getAlias().equals("pkf-recovery")).forEach(c -> {
            Map<String, String> config = new HashMap<>(c.getConfig());
            config.put("pkf.recoveryPreset", "consumer");
            c.setConfig(config);
        });
    }

    private record Account(String email, String userId) {
    }

    private Account account() {
        String email = "lost" + (++users) + "@example.org";
        String id = realm.createUser(email);
        WebClient.Page done = HttpFlows.register(realm, mailbox, id, email, new SoftAuthenticator());
        assertTrue(done.status() < 400, done.body());
        return new Account(email, id);
    }

    private int passkeys(Account a) {
        return realm.resource.users().get(a.userId()).credentials().size();
    }

    @Test
    void linkMadeOnAUsedOnBEndsInANewPasskeyAndOneNotice() {
        Account a = account();
        mailbox.purge();
        WebClient browser = client();
        WebClient.Page asked = askForRecovery(via(browser, nodeA()), realm, a.email());
        assertServedBy(nodeA(), asked);
        assertTrue(asked.body().contains("If an account exists for " + a.email()), asked.body());
        String link = recoveryLink(mailbox, a.email());

        // everything from the link on is served by B
        WebClient b = via(browser, nodeB());
        WebClient.Page confirm = b.get(link);
        assertServedBy(nodeB(), confirm);
        assertEquals(200, confirm.status(), confirm.body());
        WebClient.Page create = b.post(confirm.formAction("pkf-link-form"), bindingOf(confirm));
        assertServedBy(nodeB(), create);
        assertEquals(Pages.id(Pages.RECOVER), create.pageId(), create.body());
        assertEquals("create", create.doc().getElementById("pkf-recover").attr("data-pkf-view"), "one email proof is enough under 'consumer'");
        SoftAuthenticator recovered = new SoftAuthenticator();
        WebClient.Page review = b.post(create.formAction("pkf-create-form"), HttpFlows.attestation(create, recovered, "recovered"));
        assertServedBy(nodeB(), review);
        assertTrue(review.body().contains("Your account is recovered"), review.body());
        assertEquals(2, passkeys(a));
        WebClient.Page landing = b.post(review.formAction("pkf-review-form"), Map.of("pkf.review", "1"));
        assertTrue(landing.status() < 400 && landing.url().contains("/passkey-first/recovered"), landing.status() + " " + landing.url());

        // the new passkey signs in at once, through B
        recovered.userHandle = HttpFlows.utf8(a.userId());
        WebClient.Page signIn = HttpFlows.signIn(via(client(), nodeB()), realm, recovered);
        assertServedBy(nodeB(), signIn);
        assertTrue(HttpFlows.signedIn(signIn), signIn.status() + "\n" + signIn.body());

        // the link was used: a second use through A is refused
        assertEquals(410, via(client(), nodeA()).get(link).status());
        // the owner hears of it exactly once, however many nodes took part
        assertEquals(1, mails(mailbox, a.email(), "was recovered", Duration.ofSeconds(5)));
    }

    @Test
    void recoveryEmailsForOneAccountAskedThroughBothNodesShareOneLimit() {
        Account a = account();
        mailbox.purge();
        // the default: five per account per hour, across the cluster; the rest are dropped without a word
        for (int i = 0; i < 8; i++) {
            ClusterNode node = i % 2 == 0 ? nodeA() : nodeB();
            WebClient.Page p = askForRecovery(via(client(), node), realm, a.email());
            assertServedBy(node, p);
            assertTrue(p.body().contains("If an account exists for " + a.email()), "the same answer every time: " + p.body());
        }
        assertEquals(5, mails(mailbox, a.email(), "Recover your", Duration.ofSeconds(5)), "one limit for both nodes");
    }

    @Test
    void fiftyRedemptionsOfOneLinkHalfThroughEachNodeHaveOneWinner() throws Exception {
        Account a = account();
        mailbox.purge();
        askForRecovery(via(client(), nodeA()), realm, a.email());
        String link = recoveryLink(mailbox, a.email());
        WebClient browser = client();
        WebClient.Page confirm = via(browser, nodeB()).get(link);
        Map<String, String> form = bindingOf(confirm);
        List<WebClient.Page> pages = postAtOnceToBothNodes(browser, confirm.formAction("pkf-link-form"), form, 50);
        int won = 0;
        List<String> outcomes = new ArrayList<>();
        for (WebClient.Page p : pages) {
            outcomes.add(p.header(LoadBalancer.ROUTE_HEADER) + ":" + p.status());
            assertTrue(p.status() < 500, "status " + p.status() + "\n" + p.body());
            if (p.status() == 303) {
                won++;
            } else {
                assertEquals(410, p.status(), p.body());
                assertTrue(p.error() != null && p.error().contains("no longer valid"), "a clear page: " + p.body());
            }
        }
        assertEquals(25, pages.stream().filter(p -> p.header(LoadBalancer.ROUTE_HEADER).equals(nodeA().name)).count(), outcomes.toString());
        assertEquals(1, won, "one redemption wins: " + outcomes);
        // the winner's way on (Keycloak's action token) still leads to the recovery, whichever node serves it
        WebClient.Page winner = pages.stream().filter(p -> p.status() == 303).findFirst().orElseThrow();
        WebClient.Page create = via(browser, nodeA()).get(winner.location());
        assertEquals(Pages.id(Pages.RECOVER), create.pageId(), create.body());
        assertEquals(1, passkeys(a), "nothing created by taking the link alone");
    }
}
