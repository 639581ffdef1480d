package dev.passkeyfirst.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.it.harness.Tokens;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Test;
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
}
