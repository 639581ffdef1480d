package dev.passkeyfirst.keycloak.ceremony;

import java.util.Optional;

import dev.passkeyfirst.keycloak.model.PasskeyRecord;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;

/**
 * A passkey taken from the account by something other than its owner's own page ("this wasn't me",
 * a recovery's review, ending recoveries): the credential and our facts about it go, and the owner is
 * told (DESIGN §5: every removal is notified). Each caller emits its own event and ends the sessions
 * it should.
 */
public final class PasskeyRemoval {

    private PasskeyRemoval() {
    }

    /** The removed credential, or empty when the account no longer held it. */
    public static Optional<CredentialModel> remove(KeycloakSession session, RealmModel realm, UserModel user, String credentialId) {
        CredentialModel credential = user.credentialManager().getStoredCredentialById(credentialId);
        if (credential == null) return Optional.empty();
        PasskeyRecordStore records = session.getProvider(PasskeyRecordStore.class);
        // our row knows the model; a passkey from before the pack has none, and its own data says it
        String aaguid = records.get(realm, credentialId).map(PasskeyRecord::aaguid).orElseGet(() -> aaguidOf(credential));
        user.credentialManager().removeStoredCredentialById(credentialId);
        records.remove(realm, credentialId);
        PasskeyNotices.removed(session, realm, user, credential.getUserLabel(), aaguid);
        return Optional.of(credential);
    }

    private static String aaguidOf(CredentialModel credential) {
        try {
            return WebAuthnCredentialModel.createFromCredentialModel(credential).getWebAuthnCredentialData().getAaguid();
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
