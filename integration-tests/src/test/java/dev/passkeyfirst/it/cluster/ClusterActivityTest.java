package dev.passkeyfirst.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.passkeyfirst.it.http.HttpFlows;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, item 2, across the cluster: a sign-in through either node writes one line of history in
 * PostgreSQL; the retention task (run by one node, every 15 s here) removes lines past the retention
 * period; a removed user takes their lines along. Item 3: a sign-in notice decided on node A is
 * acted on through node B, and its link is used up on both.
 */
class ClusterActivityTest extends ClusterTest {

    private long lines(String userId, String kind) throws Exception {
        try (Connection c = cluster.jdbc();
             PreparedStatement s = c.prepareStatement("select count(*) from pkf_activity where user_id = ? and (? is null or kind = ?)")) {
            s.setString(1, userId);
            s.setString(2, kind);
            s.setString(3, kind);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    @Test
    void signInsAreWrittenOnceOldLinesExpireAndARemovedUserTakesTheirs() throws Exception {
        String email = "cluster-activity@example.org";
        String userId = realm.createUser(email);
        SoftAuthenticator key = new SoftAuthenticator();
        assertTrue(HttpFlows.register(realm, mailbox, userId, email, key).status() < 400);
        for (ClusterNode node : cluster.nodes()) {
            WebClient client = client();
            WebClient.Page login = via(client, node).get(realm.authUrl());
            assertTrue(HttpFlows.signedIn(via(client, node).post(login.formAction("pkf-assertion-form"),
                    key.get(HttpFlows.rpId(login), login.origin(), HttpFlows.challenge(login)))));
        }
        assertEquals(2, lines(userId, "passkey_sign_in"), "one line per sign-in, whichever node took it");
        assertEquals(1, lines(userId, "passkey_added"));

        // a line from long ago, as if written 100 days back
        try (Connection c = cluster.jdbc();
             PreparedStatement s = c.prepareStatement("insert into pkf_activity (id, realm_id, user_id, occurred_at, kind)"
                     + " select ?, realm_id, user_id, ?, 'passkey_sign_in' from pkf_activity where user_id = ? limit 1")) {
            s.setString(1, UUID.randomUUID().toString());
            s.setLong(2, System.currentTimeMillis() - 100L * 86_400_000L);
            s.setString(3, userId);
            assertEquals(1, s.executeUpdate());
        }
        assertEquals(3, lines(userId, "passkey_sign_in"));
        long until = System.currentTimeMillis() + 45_000;
        while (lines(userId, "passkey_sign_in") == 3 && System.currentTimeMillis() < until) Thread.sleep(1000);
        assertEquals(2, lines(userId, "passkey_sign_in"), "the 100-day-old line is gone, the recent ones stay");

        realm.resource.users().get(userId).remove();
        assertEquals(0, lines(userId, null), "the user's history went with them");
    }

    @Test
    void aNoticeDecidedOnOneNodeIsActedOnThroughTheOther() throws Exception {
        realm.signInNotices(true);
        String email = "cluster-notice@example.org";
        String userId = realm.createUser(email);
        SoftAuthenticator key = new SoftAuthenticator();
        assertTrue(HttpFlows.register(realm, mailbox, userId, email, key).status() < 400);

        // a browser new to the account signs in through node A
        WebClient intruder = client();
        WebClient.Page login = via(intruder, nodeA()).get(realm.authUrl());
        WebClient.Page done = via(intruder, nodeA()).post(login.formAction("pkf-assertion-form"),
                key.get(HttpFlows.rpId(login), login.origin(), HttpFlows.challenge(login)));
        assertTrue(HttpFlows.signedIn(done), done.body());
        String link = mailbox.await(m -> m.to().contains(email) && m.subject().contains("New sign-in"), Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no notice")).links().stream()
                .filter(l -> l.contains("/passkey-first/sign-in-not-me/")).findFirst().orElseThrow();
        assertEquals(1, realm.resource.users().get(userId).getUserSessions().size());

        // the owner's mail app: the page from node A, the POST through node B
        WebClient mailApp = client();
        WebClient.Page confirm = via(mailApp, nodeA()).get(link);
        assertEquals(200, confirm.status(), confirm.body());
        Map<String, String> form = Map.of("binding", confirm.doc().selectFirst("input[name=binding]").attr("value"));
        WebClient.Page ended = via(mailApp, nodeB()).post(confirm.formAction("pkf-sign-in-not-me-form"), form);
        assertEquals(200, ended.status(), ended.body());
        assertEquals(0, realm.resource.users().get(userId).getUserSessions().size(), "the noticed session ended, on every node");
        assertEquals(1, lines(userId, "sign_in_disowned"));
        // used: node A, which showed the page, knows it too
        assertEquals(410, via(mailApp, nodeA()).post(confirm.formAction("pkf-sign-in-not-me-form"), form).status());
        assertEquals(410, via(mailApp, nodeA()).get(link).status());
        assertFalse(HttpFlows.signedIn(via(intruder, nodeB()).get(realm.authUrl())), "the intruder's SSO cookie opens nothing on node B");
    }
}
