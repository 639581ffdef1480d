package dev.passkeyfirst.it.cluster;

import static dev.passkeyfirst.it.cluster.ClusterDevices.askForRecovery;
import static dev.passkeyfirst.it.cluster.ClusterDevices.bindingOf;
import static dev.passkeyfirst.it.cluster.ClusterDevices.code;
import static dev.passkeyfirst.it.cluster.ClusterDevices.join;
import static dev.passkeyfirst.it.cluster.ClusterDevices.landAfterApproval;
import static dev.passkeyfirst.it.cluster.ClusterDevices.mails;
import static dev.passkeyfirst.it.cluster.ClusterDevices.recoveryLink;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.passkeyfirst.it.browser.Pages;
import dev.passkeyfirst.it.cluster.ClusterDevices.DeviceA;
import dev.passkeyfirst.it.http.HttpFlows;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Issue 9, scenario 7: a node that dies mid-flow loses nothing. Three flows are started on node A
 * (a sign-in, an add-device pairing showing its QR code, a recovery whose new passkey is in its
 * waiting period), then A is killed with {@code kill -9} once, and each flow is finished through B:
 * the sign-in's and the pairing's state live in Infinispan caches that keep a copy on both nodes
 * (authentication sessions, the single-use store), the waiting passkey in PostgreSQL. Finally A comes
 * back, joins, and finishes a sign-in B started while A was down.
 *
 * <p>One kill for all three flows, because a node start costs about a minute on two cores; the tests
 * run in order (the rejoin last) and the first three need A down, as {@link #startFlowsOnAThenKillIt}
 * leaves it. The realm is the demo's 'strict' preset with a one-minute waiting period, so an account
 * with only an email recovers to a passkey that waits.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailoverTest extends ClusterTest {

    private static final int WAITING_MINUTES = 1;

    private SoftAuthenticator passkey;

    // the sign-in A served
    private WebClient signInClient;
    private WebClient.Page signInPage;
    private Map<String, String> signInForm;

    // the pairing whose QR code A showed
    private DeviceA deviceA;

    // the recovery A took to its waiting period
    private final String lostEmail = "lost-on-a@example.org";
    private String lostUserId;
    private WebClient recoveryBrowser;
    private WebClient.Page waitingPage;
    private final SoftAuthenticator recovered = new SoftAuthenticator();
    private long recoveredAt;

    @Override
    protected void adjustRealm(RealmRepresentation rep) {
        rep.getAuthenticatorConfig().stream().filter(c -> c.getAlias().equals("pkf-recovery")).forEach(c -> {
            Map<String, String> config = new HashMap<>(c.getConfig());
            config.put("pkf.recoveryPreset", "strict");
            config.put("pkf.waitingMinutes", Integer.toString(WAITING_MINUTES));
            c.setConfig(config);
        });
    }

    @Override
    protected boolean expectedLogLine(String line) {
        // the survivor reports the killed peer's connection breaking; nothing of ours
        return super.expectedLogLine(line) || line.contains("ERROR [org.jgroups.");
    }

    @BeforeAll
    void startFlowsOnAThenKillIt() {
        String userId = realm.createUser("failover@example.org");
        passkey = new SoftAuthenticator();
        WebClient.Page registered = HttpFlows.register(realm, mailbox, userId, "failover@example.org", passkey);
        assertTrue(registered.status() < 400, registered.body());
        lostUserId = realm.createUser(lostEmail);
        registered = HttpFlows.register(realm, mailbox, lostUserId, lostEmail, new SoftAuthenticator());
        assertTrue(registered.status() < 400, registered.body());

        // add a device: A signs in and shows the QR code
        deviceA = new DeviceA(realm, mailbox, "pairing-on-a@example.org", nodeA());
        deviceA.link();

        // recovery through A alone: "Lost your device?", the link, a new passkey that waits
        mailbox.purge();
        recoveryBrowser = client();
        WebClient onA = via(recoveryBrowser, nodeA());
        askForRecovery(onA, realm, lostEmail);
        WebClient.Page confirm = onA.get(recoveryLink(mailbox, lostEmail));
        WebClient.Page create = onA.post(confirm.formAction("pkf-link-form"), bindingOf(confirm));
        assertEquals("create-waiting", create.doc().getElementById("pkf-recover").attr("data-pkf-view"),
                "'strict', email only: the new passkey waits: " + create.body());
        recoveredAt = System.currentTimeMillis();
        waitingPage = onA.post(create.formAction("pkf-create-form"), HttpFlows.attestation(create, recovered, "recovered on A"));
        assertServedBy(nodeA(), waitingPage);
        assertTrue(waitingPage.body().contains("Your new passkey will work from"), waitingPage.body());
        recovered.userHandle = HttpFlows.utf8(lostUserId);
        // A sends the notice after its commit; a node killed in between loses that one email (docs/production.md)
        mailbox.await(m -> m.to().contains(lostEmail) && m.subject().contains("was recovered"), Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("A sent no recovery notice"));

        // a sign-in page from A, its assertion made and not yet posted
        signInClient = client();
        signInPage = via(signInClient, nodeA()).get(realm.authUrl());
        assertServedBy(nodeA(), signInPage);
        signInForm = passkey.get(HttpFlows.rpId(signInPage), signInPage.origin(), HttpFlows.challenge(signInPage));

        cluster.kill(nodeA());
        assertFalse(nodeA().isRunning());
    }

    @Test
    @Order(1)
    void aSignInStartedOnTheKilledNodeFinishesOnTheOther() {
        assertFalse(nodeA().isRunning(), "A is down for this test");
        WebClient.Page done = via(signInClient, nodeB()).postNoFollow(signInPage.formAction("pkf-assertion-form"), signInForm);
        assertServedBy(nodeB(), done);
        assertTrue(HttpFlows.signedIn(done), done.status() + "\n" + done.body());

        // a request that insists on the dead node gets the balancer's 502; one without a route fails over
        WebClient.Page refused = via(client(), nodeA()).get(realm.authUrl());
        assertEquals(502, refused.status());
        WebClient.Page balanced = client().get(realm.authUrl());
        assertServedBy(nodeB(), balanced);
        assertEquals(Pages.SIGN_IN, balanced.pageId());
    }

    @Test
    @Order(2)
    void anAddDeviceWhoseQrCodeTheKilledNodeShowedFinishesThroughTheOther() {
        assertFalse(nodeA().isRunning(), "A is down for this test");
        // B opens the link A made, creates its passkey: all on B
        WebClient b = via(new WebClient(ClusterDevices.PHONE), nodeB());
        SoftAuthenticator bKey = new SoftAuthenticator();
        WebClient.Page bPage = join(b, deviceA.link(), bKey);
        assertServedBy(nodeB(), bPage);
        // A's browser goes on where A's page left it, now served by B: its authentication session survived A
        WebClient.Page ask = deviceA.typeCode(code(bPage), nodeB());
        assertServedBy(nodeB(), ask);
        assertTrue(ask.doc().getElementById("pkf-approve") != null, ask.body());
        WebClient.Page done = deviceA.approve(nodeB());
        assertServedBy(nodeB(), done);
        assertTrue(done.body().contains("The new device was added"), done.body());
        assertEquals(2, deviceA.passkeys());
        assertEquals(dev.passkeyfirst.keycloak.vocabulary.Pages.id(dev.passkeyfirst.keycloak.vocabulary.Pages.DEVICE_ADDED), landAfterApproval(b, bPage).pageId());
        bKey.userHandle = HttpFlows.utf8(deviceA.userId);
        assertTrue(HttpFlows.signedIn(HttpFlows.signIn(via(client(), nodeB()), realm, bKey)), "the new device signs in");
    }

    @Test
    @Order(3)
    void aRecoveryWaitingOnTheKilledNodeActivatesThroughTheOtherAfterItsPeriod() throws Exception {
        assertFalse(nodeA().isRunning(), "A is down for this test");
        // the recovering browser goes on from A's waiting page, served by B, and ends signed in (a fallback session)
        WebClient onB = via(recoveryBrowser, nodeB());
        WebClient.Page landing = onB.post(waitingPage.doc().selectFirst("form:has(#pkf-done)").absUrl("action"), Map.of("pkf.done", "1"));
        assertServedBy(nodeB(), landing);
        assertTrue(landing.status() < 400 && landing.url().contains("/passkey-first/recovered"), landing.status() + " " + landing.url());

        assertEquals(1, pendingRows(lostUserId), "the waiting passkey is in PostgreSQL, not lost with A");
        assertEquals(1, realm.resource.users().get(lostUserId).credentials().size(), "and not yet a credential");
        assertFalse(HttpFlows.signedIn(HttpFlows.signIn(via(client(), nodeB()), realm, recovered)), "not before the period ends");

        long left = recoveredAt + WAITING_MINUTES * 60_000L + 1_000 - System.currentTimeMillis();
        if (left > 0) Thread.sleep(left);
        WebClient.Page signIn = HttpFlows.signIn(via(client(), nodeB()), realm, recovered);
        assertServedBy(nodeB(), signIn);
        assertTrue(HttpFlows.signedIn(signIn), "after the period, through B: " + signIn.status() + "\n" + signIn.body());
        assertEquals(2, realm.resource.users().get(lostUserId).credentials().size());
        assertEquals(0, pendingRows(lostUserId), "activated once, the pending row is gone");
        assertEquals(1, mails(mailbox, lostEmail, "was recovered", Duration.ofSeconds(5)),
                "the recovery notice went out once, from A; activation on B did not repeat it");
    }

    @Test
    @Order(4)
    void theKilledNodeRejoinsAndFinishesASignInTheOtherStartedWithoutIt() {
        WebClient later = client();
        WebClient.Page startedAlone = via(later, nodeB()).get(realm.authUrl());
        assertServedBy(nodeB(), startedAlone);
        Map<String, String> laterForm = passkey.get(HttpFlows.rpId(startedAlone), startedAlone.origin(), HttpFlows.challenge(startedAlone));
        if (!nodeA().isRunning()) cluster.start(nodeA());
        assertTrue(nodeA().isRunning());
        WebClient.Page finished = via(later, nodeA()).postNoFollow(startedAlone.formAction("pkf-assertion-form"), laterForm);
        assertServedBy(nodeA(), finished);
        assertTrue(HttpFlows.signedIn(finished), finished.status() + "\n" + finished.body());
    }

    private int pendingRows(String userId) throws SQLException {
        try (Connection c = cluster.jdbc();
             PreparedStatement s = c.prepareStatement("select count(*) from pkf_pending_passkey where user_id = ?")) {
            s.setString(1, userId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }
}
