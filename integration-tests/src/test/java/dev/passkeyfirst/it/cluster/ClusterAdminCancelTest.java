package dev.passkeyfirst.it.cluster;

import static dev.passkeyfirst.it.cluster.ClusterDevices.askForRecovery;
import static dev.passkeyfirst.it.cluster.ClusterDevices.bindingOf;
import static dev.passkeyfirst.it.cluster.ClusterDevices.recoveryLink;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passkeyfirst.it.http.HttpFlows;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Issue 20, item 2, across the cluster: an administrator's "cancel recoveries" sent to one node ends
 * a recovery the other node took to its waiting period, as seen from both nodes. What the cancel
 * changes lives in three places the nodes share differently: the waiting passkey is a row in
 * PostgreSQL, the freeze is a user attribute each node caches (Keycloak invalidates the copies across
 * the cluster), and the recovery's fallback session is in the distributed session caches. A node that
 * went on from anything it held before the cancel would let the recovery finish.
 *
 * <p>The realm runs the 'strict' preset with a one-minute waiting period, as {@link ClusterFailoverTest}
 * does, so an account with only an email recovers to a passkey that waits; the test waits the minute
 * out, because only then would a surviving pending row become a credential.
 */
class ClusterAdminCancelTest extends ClusterTest {

    private static final int WAITING_MINUTES = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void adjustRealm(RealmRepresentation rep) {
        rep.getAuthenticatorConfig().stream().filter(c -> c.getAlias().equals("pkf-recovery")).forEach(c -> {
            Map<String, String> config = new HashMap<>(c.getConfig());
            config.put("pkf.recoveryPreset", "strict");
            config.put("pkf.waitingMinutes", Integer.toString(WAITING_MINUTES));
            c.setConfig(config);
        });
    }

    @Test
    void cancelThroughBEndsARecoveryWaitingOnAOnBothNodes() throws Exception {
        String email = "cancelled-by-admin@example.org";
        String userId = realm.createUser(email);
        SoftAuthenticator owner = new SoftAuthenticator();
        WebClient.Page registered = HttpFlows.register(realm, mailbox, userId, email, owner);
        assertTrue(registered.status() < 400, registered.body());
        owner.userHandle = HttpFlows.utf8(userId);

        // the recovery, all through A: the link, a new passkey that waits, "Continue" into a fallback session
        mailbox.purge();
        WebClient recoveryBrowser = client();
        WebClient onA = via(recoveryBrowser, nodeA());
        askForRecovery(onA, realm, email);
        WebClient.Page confirm = onA.get(recoveryLink(mailbox, email));
        WebClient.Page create = onA.post(confirm.formAction("pkf-link-form"), bindingOf(confirm));
        assertEquals("create-waiting", create.doc().getElementById("pkf-recover").attr("data-pkf-view"),
                "'strict', email only: the new passkey waits: " + create.body());
        SoftAuthenticator recovered = new SoftAuthenticator();
        WebClient.Page waiting = onA.post(create.formAction("pkf-create-form"), HttpFlows.attestation(create, recovered, "recovered on A"));
        assertServedBy(nodeA(), waiting);
        assertTrue(waiting.body().contains("Your new passkey will work from"), waiting.body());
        long activeFrom = Long.parseLong(waiting.doc().selectFirst("#pkf-waiting time").attr("data-pkf-datetime"));
        recovered.userHandle = HttpFlows.utf8(userId);
        WebClient.Page landing = onA.post(waiting.doc().selectFirst("form:has(#pkf-done)").absUrl("action"), Map.of("pkf.done", "1"));
        assertTrue(landing.status() < 400 && landing.url().contains("/passkey-first/recovered"), landing.status() + " " + landing.url());
        assertTrue(HttpFlows.signedIn(onA.get(realm.authUrl())), "the recovery's fallback session signs in before the cancel");

        // A has read the waiting recovery before the cancel, so a stale copy on A would show below
        JsonNode beforeOnA = adminJson(nodeA(), "GET", userId, "");
        assertEquals(1, beforeOnA.get("pending").size(), beforeOnA.toString());
        assertEquals("RECOVERY", beforeOnA.get("pending").get(0).get("purpose").asText(), beforeOnA.toString());

        WebClient.Page cancel = admin(nodeB(), "POST", userId, "/recoveries/cancel");
        assertEquals(200, cancel.status(), cancel.body());
        assertEquals(1, json(cancel).get("pendingRemoved").asInt(), cancel.body());

        JsonNode afterOnA = adminJson(nodeA(), "GET", userId, "");
        assertEquals(0, afterOnA.get("pending").size(), "A no longer shows the waiting passkey: " + afterOnA);
        assertTrue(afterOnA.hasNonNull("frozenSince"), "A sees the freeze B set: " + afterOnA);
        for (ClusterNode node : cluster.nodes()) {
            WebClient.Page fallback = via(recoveryBrowser, node).get(realm.authUrl());
            assertServedBy(node, fallback);
            assertFalse(HttpFlows.signedIn(fallback), "the fallback session is signed out, asked through " + node + ": " + fallback.location());
        }

        // the owner's own passkey, through A: no question about a recovery, since none is waiting
        WebClient.Page ownerOnA = HttpFlows.signIn(via(client(), nodeA()), realm, owner);
        assertServedBy(nodeA(), ownerOnA);
        assertTrue(HttpFlows.signedIn(ownerOnA), "signed in without the recovery-pending page: " + ownerOnA.pageId() + "\n" + ownerOnA.body());
        // that sign-in lifted the freeze, which would also stop an activation: from here only the removed row does
        JsonNode unfrozen = adminJson(nodeB(), "GET", userId, "");
        assertTrue(unfrozen.path("frozenSince").isNull() || unfrozen.path("frozenSince").isMissingNode(),
                "the owner's passkey, older than the freeze, lifted it: " + unfrozen);

        long left = activeFrom + 3_000 - System.currentTimeMillis();
        if (left > 0) Thread.sleep(left);
        for (ClusterNode node : cluster.nodes()) {
            WebClient.Page late = HttpFlows.signIn(via(client(), node), realm, recovered);
            assertServedBy(node, late);
            assertFalse(HttpFlows.signedIn(late), "after the period the cancelled passkey still does not sign in through " + node
                    + ": " + late.status() + " " + late.location());
        }
        assertEquals(1, realm.resource.users().get(userId).credentials().size(), "only the owner's passkey: nothing was activated");
        assertEquals(0, adminJson(nodeA(), "GET", userId, "").get("pending").size());
    }

    /** A call of our admin API with the master administrator's token, served by {@code node}. */
    private WebClient.Page admin(ClusterNode node, String method, String userId, String rest) {
        String url = Cluster.PUBLIC_URL + "/admin/realms/" + realm.name + "/" + ProviderIds.REALM_RESOURCE + "/users/" + userId + rest;
        String token = cluster.admin().tokenManager().getAccessTokenString();
        WebClient.Page page = via(client(), node).raw(method, url, Map.of("Authorization", "Bearer " + token, "Accept", "application/json"), null);
        assertServedBy(node, page);
        return page;
    }

    private JsonNode adminJson(ClusterNode node, String method, String userId, String rest) {
        WebClient.Page page = admin(node, method, userId, rest);
        assertEquals(200, page.status(), method + " " + rest + " through " + node + ": " + page.body());
        return json(page);
    }

    private static JsonNode json(WebClient.Page page) {
        try {
            return JSON.readTree(page.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
