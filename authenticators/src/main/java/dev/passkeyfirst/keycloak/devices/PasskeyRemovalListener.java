package dev.passkeyfirst.keycloak.devices;

import dev.passkeyfirst.keycloak.ceremony.PasskeyNotices;
import dev.passkeyfirst.keycloak.model.PasskeyRecord;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;

/**
 * A passkey removed outside our page (the stock account console's "Delete", Keycloak's
 * {@code delete_credential} action or its deprecated REST call): the owner gets the same notice as
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
        if (!WebAuthnCredentialModel.TYPE_PASSWORDLESS.equals(event.getDetails().get(Details.CREDENTIAL_TYPE))) return;
        String credentialId = event.getDetails().getOrDefault(Details.CREDENTIAL_ID, event.getDetails().get(Details.SELECTED_CREDENTIAL_ID));
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        UserModel user = realm == null ? null : session.users().getUserById(realm, event.getUserId());
        if (user == null) return;
        PasskeyRecordStore store = session.getProvider(PasskeyRecordStore.class);
        String aaguid = null;
        if (credentialId != null) {
            aaguid = store.get(realm, credentialId).map(PasskeyRecord::aaguid).orElse(null);
            store.remove(realm, credentialId);
        }
        PasskeyNotices.removed(session, realm, user, event.getDetails().get(Details.CREDENTIAL_USER_LABEL), aaguid);
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
    }

    @Override
    public void close() {
    }
}
