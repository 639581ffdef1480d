package dev.passkeyfirst.keycloak.devices;

import java.util.Map;

import dev.passkeyfirst.keycloak.ceremony.PasskeyNotices;
import dev.passkeyfirst.keycloak.model.PasskeyRecord;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;

/**
 * A passkey removed outside our page (the stock account console's "Delete", Keycloak's
 * {@code delete_credential} action or its deprecated REST call, an administrator): the owner gets the same notice as
 * from "Your passkeys", and our facts about the passkey go with it. Our own page emits no
 * {@code REMOVE_CREDENTIAL} event, so nothing is sent twice.
 */
public class PasskeyRemovalListener implements EventListenerProvider {

    private final KeycloakSession session;

    public PasskeyRemovalListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getType() != EventType.REMOVE_CREDENTIAL || event.getError() != null || event.getUserId() == null
                || event.getDetails() == null) return;
        String credentialId = event.getDetails().getOrDefault(Details.CREDENTIAL_ID, event.getDetails().get(Details.SELECTED_CREDENTIAL_ID));
        removed(event.getRealmId(), event.getUserId(), credentialId, event.getDetails());
    }

    /**
     * An administrator's {@code DELETE .../users/{id}/credentials/{credential}}: Keycloak emits only an
     * admin event for it, and the owner is told all the same (DESIGN §5: every removal is notified).
     */
    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getOperationType() != OperationType.ACTION || event.getError() != null || event.getDetails() == null
                || event.getResourcePath() == null) return;
        String[] path = event.getResourcePath().split("/");
        String credentialId = event.getDetails().get(Details.CREDENTIAL_ID);
        if (path.length != 4 || !"users".equals(path[0]) || !"credentials".equals(path[2]) || !path[3].equals(credentialId)) return;
        removed(event.getRealmId(), path[1], credentialId, event.getDetails());
    }

    private void removed(String realmId, String userId, String credentialId, Map<String, String> details) {
        if (!WebAuthnCredentialModel.TYPE_PASSWORDLESS.equals(details.get(Details.CREDENTIAL_TYPE))) return;
        RealmModel realm = session.realms().getRealm(realmId);
        UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
        if (user == null) return;
        PasskeyRecordStore store = session.getProvider(PasskeyRecordStore.class);
        String aaguid = null;
        if (credentialId != null) {
            aaguid = store.get(realm, credentialId).map(PasskeyRecord::aaguid).orElse(null);
            store.remove(realm, credentialId);
        }
        PasskeyNotices.removed(session, realm, user, details.get(Details.CREDENTIAL_USER_LABEL), aaguid);
    }

    @Override
    public void close() {
    }
}
