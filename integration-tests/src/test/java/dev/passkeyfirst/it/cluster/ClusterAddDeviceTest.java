package dev.passkeyfirst.it.cluster;

import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static dev.passkeyfirst.it.cluster.ClusterDevices.code;
import static dev.passkeyfirst.it.cluster.ClusterDevices.join;
import static dev.passkeyfirst.it.cluster.ClusterDevices.landAfterApproval;
import static dev.passkeyfirst.it.cluster.ClusterDevices.mails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.passkeyfirst.it.cluster.ClusterDevices.DeviceA;
import dev.passkeyfirst.it.http.HttpFlows;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import dev.passkeyfirst.mailbox.Mailbox;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, scenarios 2, 3 and the add-device halves of 5 and 6: adding a device when device A and
 * device B are served by different nodes. The pairing (link, B's progress, the ending) lives in the
 * cluster's single-use store, B's passkey waits in PostgreSQL until A approves, and A's and B's
 * authentication sessions in the replicated cache, so no step depends on the node that took the one
 * before it.
 */
class ClusterAddDeviceTest extends ClusterTest {

    private int users;

    private String newEmail() {
        return "add" + (++users) + "@example.org";
    }

    @Test
    void qrCodeShownByANewPasskeyThroughBApprovedOnAThenBSignsInThroughB() throws SQLException {
        DeviceA a = new DeviceA(realm, mailbox, newEmail(), nodeA());
        String link = a.link();
        assertTrue(link.startsWith(Cluster.PUBLIC_URL + "/realms/" + realm.name + "/passkey-first/pair/"), link);

        // the phone scans the code; everything it does is served by B
        WebClient b = via(new WebClient(ClusterDevices.PHONE), nodeB());
        SoftAuthenticator bKey = new SoftAuthenticator();
        cluster.balancer().forgetServed();
        WebClient.Page bPage = join(b, link, bKey);
        assertServedBy(nodeB(), bPage);
        assertTrue(cluster.balancer().served().stream().allMatch(s -> s.node().equals(nodeB().name)),
                "B's link, confirmation, action token and passkey all went to B: " + cluster.balancer().served());
        assertEquals(1, a.passkeys(), "B's passkey is pending, not a credential, until A approves");

        // A, on node A, learns that B is ready, is asked for the code and shown who B is
        WebClient.Page approve = a.typeCode(code(bPage), nodeA());
        assertServedBy(nodeA(), approve);
        assertTrue(approve.body().contains("Safari") && approve.body().contains("iOS"), "B is shown as what it is: " + approve.body());
        WebClient.Page done = a.approve(nodeA());
        assertServedBy(nodeA(), done);
        assertTrue(done.body().contains("The new device was added"), done.body());
        assertEquals(2, a.passkeys());
        assertEquals("QR_CODE", enrollmentOfNewest(a.userId), "PKF_PASSKEY records how the device came");

        // B's page (on B) sees the approval A gave on A, and B is signed in
        WebClient.Page landing = landAfterApproval(b, bPage);
        assertServedBy(nodeB(), landing);
        assertEquals(Pages.id(Pages.DEVICE_ADDED), landing.pageId(), landing.body());

        // the new device's own passkey signs in, through B
        bKey.userHandle = HttpFlows.utf8(a.userId);
        WebClient fresh = via(client(), nodeB());
        WebClient.Page signedIn = HttpFlows.signIn(fresh, realm, bKey);
        assertServedBy(nodeB(), signedIn);
        assertTrue(HttpFlows.signedIn(signedIn), signedIn.status() + "\n" + signedIn.body());
    }

    @Test
    void emailedLinkSentByAUsedThroughBAndASecondUseThroughAIsRefused() throws SQLException {
        DeviceA a = new DeviceA(realm, mailbox, newEmail(), nodeA());
        mailbox.purge();
        WebClient.Page sent = a.emailLink(nodeA());
        assertServedBy(nodeA(), sent);
        assertTrue(sent.body().contains("The link was sent"), sent.body());
        Mailbox.Mail mail = mailbox.await(m -> m.to().contains(a.email) && m.subject().contains("Add a device"), Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no link email from A"));
        String link = mail.links().stream().filter(l -> l.contains("/passkey-first/pair/")).findFirst().orElseThrow();
        assertTrue(link.contains("via=email"), link);

        WebClient bClient = new WebClient(WebClient.CHROME);
        WebClient b = via(bClient, nodeB());
        WebClient.Page confirm = b.get(link);
        assertServedBy(nodeB(), confirm);
        WebClient.Page bPage = join(b, link, new SoftAuthenticator());
        assertServedBy(nodeB(), bPage);

        // the link, taken by B, looked at again through A by another browser: only a page (a look changes
        // nothing; a second device's confirmation would abort), and B's pairing goes on
        WebClient.Page again = via(client(), nodeA()).get(link);
        assertServedBy(nodeA(), again);
        assertEquals(200, again.status(), again.body());

        WebClient.Page approve = a.typeCode(code(bPage), nodeA());
        assertTrue(approve.doc().getElementById("pkf-approve") != null, "the look through A aborted nothing: " + approve.body());
        assertTrue(a.approve(nodeA()).body().contains("The new device was added"), a.page.body());
        assertEquals(2, a.passkeys());
        assertEquals("EMAIL_LINK", enrollmentOfNewest(a.userId));
        assertEquals(Pages.id(Pages.DEVICE_ADDED), landAfterApproval(b, bPage).pageId());

        // used up: B's own confirmation posted again through A, and any look through A, are refused without a 500
        WebClient.Page reuse = via(bClient, nodeA()).post(confirm.formAction("pkf-pair-form"), Map.of(
                "binding", confirm.doc().selectFirst("input[name=binding]").attr("value"), "via", "email"));
        assertServedBy(nodeA(), reuse);
        assertEquals(410, reuse.status(), reuse.body());
        assertTrue(reuse.error() != null && reuse.error().contains("no longer valid"), reuse.body());
        WebClient.Page look = via(client(), nodeA()).get(link);
        assertEquals(410, look.status(), look.body());
        assertEquals(2, a.passkeys(), "nothing more was added");
    }

    @Test
    void linkEmailsOfOneUserAskedThroughBothNodesShareOneLimit() {
        DeviceA a = new DeviceA(realm, mailbox, newEmail(), nodeA());
        mailbox.purge();
        List<String> outcomes = new ArrayList<>();
        int sent = 0;
        // the default: three per user per 15 minutes, across the cluster
        for (int i = 0; i < 6; i++) {
            ClusterNode node = i % 2 == 0 ? nodeA() : nodeB();
            WebClient.Page p = a.emailLink(node);
            assertServedBy(node, p);
            assertTrue(p.status() < 500, p.body());
            boolean ok = p.body().contains("The link was sent");
            if (ok) sent++;
            else assertTrue(p.error() != null && p.error().contains("Too many links"), p.body());
            outcomes.add(node + ":" + (ok ? "sent" : "limited"));
        }
        assertEquals(3, sent, "one limit for both nodes: " + outcomes);
        assertEquals(List.of("node-a:sent", "node-b:sent", "node-a:sent", "node-b:limited", "node-a:limited", "node-b:limited"), outcomes);
        assertEquals(3, mails(mailbox, a.email, "Add a device", Duration.ofSeconds(3)), "three emails left, from both nodes");
    }

    @Test
    void fiftyApprovalsOfOnePairingHalfThroughEachNodeMakeOneCredential() throws Exception {
        DeviceA a = new DeviceA(realm, mailbox, newEmail(), nodeA());
        WebClient.Page bPage = join(via(client(), nodeB()), a.link(), new SoftAuthenticator());
        WebClient.Page approve = a.typeCode(code(bPage), nodeB());
        Map<String, String> form = a.approval();
        List<WebClient.Page> pages = postAtOnceToBothNodes(a.client, approve.formAction("pkf-assertion-form"), form, 50);
        int winners = 0;
        List<String> outcomes = new ArrayList<>();
        for (WebClient.Page p : pages) {
            assertTrue(p.status() < 500, "status " + p.status() + "\n" + p.body());
            // only the approval that made the credential is answered with this message; the others see a
            // refusal or, once the winner committed, the ended pairing
            if (p.body().contains("Device added.")) winners++;
            outcomes.add(p.header(LoadBalancer.ROUTE_HEADER) + ":" + p.status());
        }
        assertEquals(25, pages.stream().filter(p -> p.header(LoadBalancer.ROUTE_HEADER).equals(nodeA().name)).count(), outcomes.toString());
        assertEquals(2, a.passkeys(), "exactly one credential: " + outcomes);
        assertEquals(1, winners, "exactly one approval went through: " + outcomes);
        assertEquals(2, rowsOf(a.userId), "one PKF_PASSKEY row beside each credential");
        assertEquals(2, mails(mailbox, a.email, "passkey was added", Duration.ofSeconds(3)),
                "one notice for the first passkey, one for the new device, none for the losers");
    }

    private String enrollmentOfNewest(String userId) throws SQLException {
        try (Connection c = cluster.jdbc();
             PreparedStatement s = c.prepareStatement("select enrollment from pkf_passkey where user_id = ? order by created_at desc limit 1")) {
            s.setString(1, userId);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next(), "a PKF_PASSKEY row for " + userId);
                return r.getString(1);
            }
        }
    }

    private int rowsOf(String userId) throws SQLException {
        try (Connection c = cluster.jdbc();
             PreparedStatement s = c.prepareStatement("select count(*) from pkf_passkey where user_id = ?")) {
            s.setString(1, userId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }
}
