package dev.passkeyfirst.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.it.harness.Tokens;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.mailbox.Mailbox;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

/**
 * Issue 20, item 2 (the REST half): {@code /admin/realms/{realm}/passkey-first/users/{id}} shows a
 * user's passkeys with our facts, pending passkeys and the freeze; cancels waiting recoveries and
 * lifts the freeze. Keycloak's own permissions decide: view-users reads, manage-users acts, a user
 * without either and an administrator of another realm get nothing.
 */
class AdminApiTest extends ServerTest {

    private RecoverySteps steps;

    private RecoverySteps steps() {
        if (steps == null) steps = new RecoverySteps(realm, mailbox, server);
        return steps;
    }

    /** A user of {@code r} with a passkey and the given realm-management roles; returns an access token of a passkey session. */
    private String adminToken(TestRealm r, String... roles) {
        String email = "admin-" + String.join("-", roles) + "-" + System.nanoTime() % 100000 + "@example.org";
        String id = r.createUser(email);
        SoftAuthenticator key = new SoftAuthenticator();
        assertTrue(HttpFlows.register(r, mailbox, id, email, key).status() < 400);
        String management = OidcHttp.clientUuid(r, "realm-management");
        List<RoleRepresentation> reps = java.util.Arrays.stream(roles)
                .map(role -> r.resource.clients().get(management).roles().get(role).toRepresentation()).toList();
        if (!reps.isEmpty()) r.resource.users().get(id).roles().clientLevel(management).add(reps);
        WebClient.Page signedIn = HttpFlows.signIn(new WebClient(), r, key);
        assertTrue(HttpFlows.signedIn(signedIn), signedIn.body());
        return Tokens.response(r, signedIn.location(), r.baseUrl).get("access_token").asText();
    }

    /** No freeze: Keycloak's JSON leaves the null out. */
    private static boolean notFrozen(JsonNode user) {
        return user.path("frozenSince").isMissingNode() || user.path("frozenSince").isNull();
    }

    private String url(TestRealm r, String userId, String rest) {
        return r.baseUrl + "/admin/realms/" + r.name + "/" + ProviderIds.REALM_RESOURCE + "/users/" + userId + rest;
    }

    @Test
    void viewUsersReadsManageUsersActsAndNobodyElse() throws Exception {
        RecoverySteps.Account owner = steps().account("admin-view");
        RecoverySteps.Waiting waiting = steps().recoverToWaiting(owner);

        String viewer = adminToken(realm, "view-users");
        HttpResponse<String> read = OidcHttp.bearer("GET", url(realm, owner.userId(), ""), viewer, null);
        assertEquals(200, read.statusCode(), read.body());
        JsonNode user = OidcHttp.JSON.readTree(read.body());
        assertEquals(1, user.get("passkeys").size(), read.body());
        JsonNode passkey = user.get("passkeys").get(0);
        assertFalse(passkey.get("enrollment").asText().isEmpty(), read.body());
        assertEquals("RECOVERY", user.get("pending").get(0).get("purpose").asText(), "the waiting recovery: " + read.body());
        assertTrue(notFrozen(user), read.body());

        // reading is not acting
        assertEquals(403, OidcHttp.bearer("POST", url(realm, owner.userId(), "/recoveries/cancel"), viewer, "").statusCode());
        // a user without admin roles, and an administrator of another realm, see nothing
        String nobody = adminToken(realm);
        assertEquals(403, OidcHttp.bearer("GET", url(realm, owner.userId(), ""), nobody, null).statusCode());
        try (TestRealm other = TestRealm.create(server, mailbox.smtpPort())) {
            String foreign = adminToken(other, "view-users", "manage-users");
            int status = OidcHttp.bearer("GET", url(realm, owner.userId(), ""), foreign, null).statusCode();
            assertTrue(status == 401 || status == 403, "another realm's administrator: " + status);
        }

        String manager = adminToken(realm, "view-users", "manage-users");
        HttpResponse<String> cancel = OidcHttp.bearer("POST", url(realm, owner.userId(), "/recoveries/cancel"), manager, "");
        assertEquals(200, cancel.statusCode(), cancel.body());
        assertEquals(1, OidcHttp.JSON.readTree(cancel.body()).get("pendingRemoved").asInt());
        JsonNode after = OidcHttp.JSON.readTree(OidcHttp.bearer("GET", url(realm, owner.userId(), ""), manager, null).body());
        assertEquals(0, after.get("pending").size(), "the waiting passkey is gone");
        assertFalse(notFrozen(after), "and fallbacks are frozen, as after \"this wasn't me\"");

        HttpResponse<String> lift = OidcHttp.bearer("POST", url(realm, owner.userId(), "/freeze/lift"), manager, "");
        assertEquals(200, lift.statusCode(), lift.body());
        assertTrue(notFrozen(OidcHttp.JSON.readTree(OidcHttp.bearer("GET", url(realm, owner.userId(), ""), manager, null).body())));
        assertEquals(404, OidcHttp.bearer("GET", url(realm, "no-such-user", ""), manager, null).statusCode());
        assertTrue(waiting.activeFrom() > 0);
    }

    /** Keycloak's own admin API removing a passkey emits only an admin event: the owner is told all the same. */
    @Test
    void aPasskeyAnAdministratorRemovesIsNotified() {
        RecoverySteps.Account owner = steps().account("admin-removed");
        String passkey = realm.resource.users().get(owner.userId()).credentials().get(0).getId();
        mailbox.purge();
        realm.resource.users().get(owner.userId()).removeCredential(passkey);
        assertTrue(mailbox.await(m -> m.to().contains(owner.email()) && m.subject().startsWith("A passkey was removed"), Duration.ofSeconds(20)).isPresent(),
                "the owner is told of the removal");
    }

    @Test
    void everyAdminActionIsAnAdminEventAndTellsTheUser() throws Exception {
        RealmRepresentation rep = realm.resource.toRepresentation();
        rep.setAdminEventsEnabled(true);
        rep.setAdminEventsDetailsEnabled(true);
        realm.resource.update(rep);
        RecoverySteps.Account owner = steps().account("admin-told");
        steps().recoverToWaiting(owner);
        String manager = adminToken(realm, "view-users", "manage-users");
        mailbox.purge();

        assertEquals(200, OidcHttp.bearer("POST", url(realm, owner.userId(), "/recoveries/cancel"), manager, "").statusCode());
        Mailbox.Mail cancelled = mailbox.await(m -> m.to().contains(owner.email()) && m.subject().contains("An administrator changed"),
                Duration.ofSeconds(20)).orElseThrow(() -> new AssertionError("no email about the cancel"));
        assertTrue(cancelled.text().contains("ended every recovery"), cancelled.text());

        assertEquals(200, OidcHttp.bearer("POST", url(realm, owner.userId(), "/freeze/lift"), manager, "").statusCode());
        Mailbox.Mail lifted = mailbox.await(m -> m.to().contains(owner.email()) && m.text().contains("allowed recovery"),
                Duration.ofSeconds(20)).orElseThrow(() -> new AssertionError("no email about the lift"));
        assertTrue(lifted.html().contains("allowed recovery"), "the HTML part says it too");

        // lifting a freeze that is not there changes nothing, so nobody is told anything
        assertEquals(200, OidcHttp.bearer("POST", url(realm, owner.userId(), "/freeze/lift"), manager, "").statusCode());
        Thread.sleep(2000);
        assertEquals(2, mailbox.messages().stream().filter(m -> m.to().contains(owner.email())).count(), "one email per change");

        List<AdminEventRepresentation> events = realm.resource.getAdminEvents();
        List<String> ours = events.stream().filter(e -> e.getResourcePath() != null && e.getResourcePath().contains(owner.userId()))
                .map(AdminEventRepresentation::getRepresentation).toList();
        assertTrue(ours.stream().anyMatch(r -> r != null && r.contains("pkf_recoveries_cancelled")), "cancel is an admin event: " + ours);
        assertTrue(ours.stream().anyMatch(r -> r != null && r.contains("pkf_freeze_lifted")), "lift is an admin event: " + ours);
    }

    @Test
    void adoptionIsCountedOnScheduleForViewersAndShownOnTheMetricsEndpoint() throws Exception {
        try (TestRealm counted = TestRealm.create(server, mailbox.smtpPort())) {
            RecoverySteps there = new RecoverySteps(counted, mailbox, server);
            RecoverySteps.Account owner = there.account("adoption");
            there.recoverToWaiting(owner);
            String viewer = adminToken(counted, "view-users");
            String adoption = counted.baseUrl + "/admin/realms/" + counted.name + "/" + ProviderIds.REALM_RESOURCE + "/adoption";

            // the scheduled count (every 15 s on the test server) finds the realm without being asked
            JsonNode a = null;
            long until = System.currentTimeMillis() + 45_000;
            while (System.currentTimeMillis() < until) {
                HttpResponse<String> r = OidcHttp.bearer("GET", adoption, viewer, null);
                if (r.statusCode() == 200) {
                    a = OidcHttp.JSON.readTree(r.body());
                    if (a.get("waitingRecoveries").asLong() == 1 && a.get("withPasskey").asLong() == 2) break;
                } else {
                    assertEquals(404, r.statusCode(), "before the first count: " + r.body());
                }
                Thread.sleep(1000);
            }
            assertTrue(a != null, "the scheduled task counted the realm");
            assertEquals(2, a.get("users").asLong(), "the owner and the viewer: " + a);
            assertEquals(2, a.get("withPasskey").asLong(), a.toString());
            assertEquals(1, a.get("waitingRecoveries").asLong(), a.toString());
            long byProvider = 0;
            for (JsonNode p : a.get("byProvider")) {
                assertTrue(List.of("synced", "device_bound").contains(p.get("sync").asText()), a.toString());
                byProvider += p.get("users").asLong();
            }
            assertTrue(byProvider >= 2, "every passkey holder is under some provider: " + a);

            // a count on demand shows on this node's metrics at once
            HttpResponse<String> now = OidcHttp.bearer("POST", adoption + "/count", viewer, "");
            assertEquals(200, now.statusCode(), now.body());
            Map<String, Double> metrics = MetricsScrape.ofRealm(counted.name);
            assertEquals(2.0, metrics.get("pkf_users{}"), metrics.toString());
            assertEquals(2.0, metrics.get("pkf_users_with_passkey{}"), metrics.toString());
            assertEquals(1.0, metrics.get("pkf_recoveries_waiting{}"), metrics.toString());
            assertTrue(metrics.keySet().stream().anyMatch(k -> k.startsWith("pkf_users_with_passkey_by_provider{provider=")), metrics.toString());

            // reading numbers needs view-users; another realm's administrator gets none of them
            String nobody = adminToken(counted);
            assertEquals(403, OidcHttp.bearer("GET", adoption, nobody, null).statusCode());
            assertEquals(403, OidcHttp.bearer("POST", adoption + "/count", nobody, "").statusCode());
            int foreign = OidcHttp.bearer("GET", adoption, adminToken(realm, "view-users"), null).statusCode();
            assertTrue(foreign == 401 || foreign == 403, "another realm's administrator: " + foreign);
        }
    }
}
