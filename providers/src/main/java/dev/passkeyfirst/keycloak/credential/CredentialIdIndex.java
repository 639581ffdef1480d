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

    /** Notes the id of the credential Keycloak just stored; returns it. */
    static CredentialModel created(KeycloakSession session, RealmModel realm, UserModel user, WebAuthnCredentialModel requested,
                                   CredentialModel stored) {
        Optional<byte[]> raw = raw(requested);
        if (stored == null || raw.isEmpty()) {
            // Keycloak stored what it was given; an id that does not decode matches no authenticator's id
            LOG.debugf("WebAuthn credential without a readable credential id; not indexed");
            return stored;
        }
        session.getProvider(PasskeyRecordStore.class).indexCredentialId(realm, user.getId(), stored.getId(), raw.get());
        return stored;
    }

    /** Forgets the id of a credential Keycloak just removed; returns whether it did. */
    static boolean removed(KeycloakSession session, String credentialModelId, boolean removed) {
        if (removed) session.getProvider(PasskeyRecordStore.class).unindexCredentialId(credentialModelId);
        return removed;
    }

    private static Optional<byte[]> raw(WebAuthnCredentialModel model) {
        return model.getWebAuthnCredentialData() == null ? Optional.empty()
                : CredentialIds.readKeycloakForm(model.getWebAuthnCredentialData().getCredentialId());
    }
}
