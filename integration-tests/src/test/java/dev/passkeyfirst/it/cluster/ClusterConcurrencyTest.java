package dev.passkeyfirst.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.passkeyfirst.it.browser.Pages;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.it.http.HttpFlows;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, scenarios 5 and 6 for what is single-use today: every ceremony ends with one claim on the
 * cluster-wide single-use store (DESIGN §5), so identical requests posted to both nodes at the same
 * instant complete once, and a request completed on one node cannot be replayed on the other.
 * (Keycloak's own authentication-session checks alone let two concurrent completions through.)
 */
class ClusterConcurrencyTest extends ClusterTest {

    private static final int PARALLEL = 8;
    private static final int ROUNDS = 5;

    private String userId;
    private SoftAuthenticator passkey;
    private int users;

    @BeforeAll
    void registerPasskey() {
        userId = realm.createUser("race@example.org");
        passkey = new SoftAuthenticator();
        WebClient.Page done = HttpFlows.register(realm, mailbox, userId, "race@example.org", passkey);
        assertTrue(done.status() < 400, done.body());
    }

    @Test
    void theSameAssertionPostedToBothNodesAtOnceSignsInOnce() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            WebClient client = client();
            // the page from one node, alternating by round
            WebClient.Page login = via(client, round % 2 == 0 ? nodeA() : nodeB()).get(realm.authUrl());
            Map<String, String> form = passkey.get(HttpFlows.rpId(login), login.origin(), HttpFlows.challenge(login));
            int loginsBefore = logins();
            List<WebClient.Page> pages = postAtOnceToBothNodes(client, login.formAction("pkf-assertion-form"), form, PARALLEL);
            int signedIn = 0;
            List<String> outcomes = new ArrayList<>();
            for (WebClient.Page p : pages) {
                outcomes.add(p.header(LoadBalancer.ROUTE_HEADER) + ":" + p.status() + ":"
                        + (HttpFlows.signedIn(p) ? "signed-in" : p.status() == 302 ? p.location() : p.pageId()));
                assertTrue(p.status() < 500, "status " + p.status() + "\n" + p.body());
                if (HttpFlows.signedIn(p)) signedIn++;
            }
            assertEquals(1, signedIn, "round " + round + ": exactly one of " + PARALLEL + " identical posts signs in: " + outcomes);
            long byA = pages.stream().filter(p -> p.header(LoadBalancer.ROUTE_HEADER).equals(nodeA().name)).count();
            assertEquals(PARALLEL / 2, byA, "half the posts were answered by each node: " + outcomes);
            // and the server recorded one sign-in, not one per node
            assertEquals(loginsBefore + 1, logins(), "LOGIN events after round " + round + ": " + outcomes);
        }
    }

    @Test
    void anAssertionThatSignedInOnOneNodeIsRefusedOnTheOther() {
        WebClient client = client();
        WebClient.Page login = via(client, nodeA()).get(realm.authUrl());
        Map<String, String> form = passkey.get(HttpFlows.rpId(login), login.origin(), HttpFlows.challenge(login));
        WebClient.Page first = via(client, nodeA()).postNoFollow(login.formAction("pkf-assertion-form"), form);
        assertTrue(HttpFlows.signedIn(first), first.body());
        // the same assertion, in a new sign-in of another browser on the other node
        WebClient other = client();
        WebClient.Page login2 = via(other, nodeB()).get(realm.authUrl());
        WebClient.Page replay = via(other, nodeB()).postNoFollow(login2.formAction("pkf-assertion-form"), form);
        assertServedBy(nodeB(), replay);
        assertFalse(HttpFlows.signedIn(replay));
        assertEquals(Pages.SIGN_IN, replay.pageId(), replay.body());
        assertTrue(replay.error() != null && !replay.error().isBlank(), replay.body());
    }

    @Test
    void identicalRegistrationsPostedToBothNodesAtOnceStoreOneCredential() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String email = "maker" + (++users) + "@example.org";
            String id = realm.createUser(email);
            WebClient client = client();
            WebClient.Page page = HttpFlows.createPage(via(client, round % 2 == 0 ? nodeA() : nodeB()), realm, mailbox, id, email);
            SoftAuthenticator key = new SoftAuthenticator();
            Map<String, String> form = HttpFlows.attestation(page, key, "race " + round);
            List<WebClient.Page> pages = postAtOnceToBothNodes(client, page.formAction("pkf-create-form"), form, PARALLEL);
            for (WebClient.Page p : pages) assertTrue(p.status() < 500, "status " + p.status() + "\n" + p.body());
            assertEquals(1, realm.resource.users().get(id).credentials().size(), "round " + round + ": one Keycloak credential");
            // and one row of ours beside it, in the database both nodes share
            assertEquals(1, ourRowsFor(id), "round " + round + ": one PKF_PASSKEY row");
        }
    }

    /** LOGIN events of the race user so far (the demo realm stores events). */
    private int logins() {
        return realm.resource.getEvents(List.of("LOGIN"), null, userId, null, null, null, 0, 1000).size();
    }

    @Test
    void oneAuthenticatorRegisteredToTwoAccountsAtOnceThroughBothNodesGoesToOne() throws Exception {
        // a credential id is unique in a realm; two registrations of it racing on two nodes must not both pass
        for (int round = 0; round < 3; round++) {
            SoftAuthenticator shared = new SoftAuthenticator();
            List<String> ids = new ArrayList<>();
            List<Callable<WebClient.Page>> posts = new ArrayList<>();
            for (ClusterNode node : cluster.nodes()) {
                String email = "twin" + (++users) + "@example.org";
                String id = realm.createUser(email);
                ids.add(id);
                WebClient client = via(client(), node);
                WebClient.Page page = HttpFlows.createPage(client, realm, mailbox, id, email);
                Map<String, String> form = HttpFlows.attestation(page, shared, "twin " + round);
                String action = page.formAction("pkf-create-form");
                posts.add(() -> client.postNoFollow(action, form));
            }
            for (WebClient.Page p : atOnce(posts)) assertTrue(p.status() < 500, p.body());
            int stored = 0;
            for (String id : ids) stored += realm.resource.users().get(id).credentials().size();
            assertEquals(1, stored, "round " + round + ": the authenticator belongs to one account");
            int rows = 0;
            for (String id : ids) rows += ourRowsFor(id);
            assertEquals(1, rows, "round " + round + ": one PKF_PASSKEY row");
        }
    }

    private int ourRowsFor(String user) throws SQLException {
        try (Connection c = cluster.jdbc();
             PreparedStatement s = c.prepareStatement("select count(*) from pkf_passkey where user_id = ?")) {
            s.setString(1, user);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }
}
