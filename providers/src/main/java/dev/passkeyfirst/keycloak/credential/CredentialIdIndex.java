package dev.passkeyfirst.keycloak.credential;

import java.util.Optional;

import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.util.CredentialIds;
import org.jboss.logging.Logger;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;

/** What the two WebAuthn credential providers of ours add to Keycloak's: the credential-id index. */
final class CredentialIdIndex {

    private static final Logger LOG = Logger.getLogger(CredentialIdIndex.class);

    private CredentialIdIndex() {
    }

    static void created(KeycloakSession session, RealmModel realm, UserModel user, WebAuthnCredentialModel requested, CredentialModel stored) {
        Optional<byte[]> raw = raw(requested);
        if (stored == null || raw.isEmpty()) {
            // Keycloak stored what it was given; an id that does not decode matches no authenticator's id
            LOG.debugf("WebAuthn credential without a readable credential id; not indexed");
            return;
        }
        session.getProvider(PasskeyRecordStore.class).indexCredentialId(realm, user.getId(), stored.getId(), raw.get());
    }

    static void removed(KeycloakSession session, String credentialModelId, boolean removed) {
        if (removed) session.getProvider(PasskeyRecordStore.class).unindexCredentialId(credentialModelId);
    }

    private static Optional<byte[]> raw(WebAuthnCredentialModel model) {
        try {
            String id = model.getWebAuthnCredentialData() == null ? null : model.getWebAuthnCredentialData().getCredentialId();
            return id == null || id.isEmpty() ? Optional.empty() : Optional.of(CredentialIds.fromKeycloakForm(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
