package dev.passkeyfirst.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import dev.passkeyfirst.it.browser.Pages;
import dev.passkeyfirst.it.http.HttpFlows;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, scenario 7 for what exists today: a node that dies mid-flow loses nothing. The sign-in's
 * state (authentication session, challenge) lives in Infinispan caches that keep a copy on both
 * nodes, so the survivor finishes what the dead node started; a node that comes back joins and
 * serves what was started while it was away.
 */
class ClusterFailoverTest extends ClusterTest {

    private SoftAuthenticator passkey;

    @BeforeAll
    void registerPasskey() {
        String userId = realm.createUser("failover@example.org");
        passkey = new SoftAuthenticator();
        WebClient.Page done = HttpFlows.register(realm, mailbox, userId, "failover@example.org", passkey);
        assertTrue(done.status() < 400, done.body());
    }

    @Override
    protected boolean expectedLogLine(String line) {
        // the survivor reports the killed peer's connection breaking; nothing of ours
        return super.expectedLogLine(line) || line.contains("ERROR [org.jgroups.");
    }

    @Test
    void aSignInStartedOnANodeThatIsKilledFinishesOnTheOther() {
        ClusterNode doomed = nodeA();
        ClusterNode survivor = nodeB();
        WebClient client = client();
        WebClient.Page login = via(client, doomed).get(realm.authUrl());
        assertServedBy(doomed, login);
        Map<String, String> form = passkey.get(HttpFlows.rpId(login), login.origin(), HttpFlows.challenge(login));

        cluster.kill(doomed);
        assertFalse(doomed.isRunning());

        WebClient.Page done = via(client, survivor).postNoFollow(login.formAction("pkf-assertion-form"), form);
        assertServedBy(survivor, done);
        assertTrue(HttpFlows.signedIn(done), done.status() + "\n" + done.body());

        // a request that insists on the dead node gets the balancer's 502; one without a route fails over
        WebClient.Page refused = via(client(), doomed).get(realm.authUrl());
        assertEquals(502, refused.status());
        WebClient.Page balanced = client().get(realm.authUrl());
        assertServedBy(survivor, balanced);
        assertEquals(Pages.SIGN_IN, balanced.pageId());

        // the killed node comes back, joins, and finishes a sign-in the survivor started while it was down
        WebClient later = client();
        WebClient.Page startedAlone = via(later, survivor).get(realm.authUrl());
        Map<String, String> laterForm = passkey.get(HttpFlows.rpId(startedAlone), startedAlone.origin(), HttpFlows.challenge(startedAlone));
        cluster.start(doomed);
        assertTrue(doomed.isRunning());
        WebClient.Page finished = via(later, doomed).postNoFollow(startedAlone.formAction("pkf-assertion-form"), laterForm);
        assertServedBy(doomed, finished);
        assertTrue(HttpFlows.signedIn(finished), finished.status() + "\n" + finished.body());
    }
}
