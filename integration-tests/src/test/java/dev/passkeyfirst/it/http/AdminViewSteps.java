package dev.passkeyfirst.it.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passkeyfirst.it.harness.KeycloakServer;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.mailbox.Mailbox;
import org.keycloak.representations.idm.CredentialRepresentation;

/** What the admin view's browser test needs from the HTTP steps: a user in a waiting recovery. */
public final class AdminViewSteps {

    public record Waiting(String userId, String email, String passkeyLabel) {
    }

    private AdminViewSteps() {
    }

    public static Waiting userInWaitingRecovery(TestRealm realm, Mailbox mailbox, KeycloakServer server) {
        RecoverySteps steps = new RecoverySteps(realm, mailbox, server);
        RecoverySteps.Account owner = steps.account("admin-view-browser");
        steps.recoverToWaiting(owner);
        String label = realm.resource.users().get(owner.userId()).credentials().stream()
                .filter(c -> "webauthn-passwordless".equals(c.getType())).map(CredentialRepresentation::getUserLabel)
                .findFirst().orElseThrow();
        return new Waiting(owner.userId(), owner.email(), label);
    }

    /** Pending passkeys of the user, as the admin API reports them to the master administrator. */
    public static int pendingCount(TestRealm realm, KeycloakServer server, String userId) {
        String token = server.admin().tokenManager().getAccessTokenString();
        String url = realm.baseUrl + "/admin/realms/" + realm.name + "/" + ProviderIds.REALM_RESOURCE + "/users/" + userId;
        try {
            JsonNode user = OidcHttp.JSON.readTree(OidcHttp.bearer("GET", url, token, null).body());
            return user.get("pending").size();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A POST to the admin API with {@code token}; fails unless it answers 200. */
    public static void post(String url, String token) {
        var r = OidcHttp.bearer("POST", url, token, "");
        if (r.statusCode() != 200) throw new AssertionError(url + ": " + r.statusCode() + " " + r.body());
    }
}
