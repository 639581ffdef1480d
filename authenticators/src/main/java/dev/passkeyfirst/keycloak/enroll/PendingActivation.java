package dev.passkeyfirst.keycloak.enroll;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.passkeyfirst.keycloak.model.Enrollment;
import dev.passkeyfirst.keycloak.model.PasskeyRecord;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.model.PendingPasskey;
import dev.passkeyfirst.keycloak.notify.Notifications;
import dev.passkeyfirst.keycloak.webauthn.AuthenticatorNames;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;

/**
 * Turns a pending passkey into a Keycloak credential. The pending row is deleted first and only the
 * request whose delete removed it goes on, so concurrent activations on any nodes make one
 * credential; everything happens in one transaction, so a failure leaves the pending row in place.
 */
public final class PendingActivation {

    private PendingActivation() {
    }

    /** The new credential's id, or empty when another request activated (or removed) it first. */
    public static Optional<String> activate(KeycloakSession session, RealmModel realm, UserModel user, PendingPasskey pending,
                                            Enrollment enrollment, String enrolledFrom, String accountUrl) {
        PasskeyRecordStore records = session.getProvider(PasskeyRecordStore.class);
        if (!pending.userId().equals(user.getId()) || !records.removePending(realm, pending.id())) return Optional.empty();
        CredentialModel model = new CredentialModel();
        model.setType(WebAuthnCredentialModel.TYPE_PASSWORDLESS);
        model.setUserLabel(AuthenticatorNames.unique(user, pending.label()));
        model.setCredentialData(pending.credentialData());
        model.setSecretData(pending.secretData());
        model.setCreatedDate(Time.currentTimeMillis());
        CredentialModel stored = user.credentialManager().createStoredCredential(model);
        records.add(new PasskeyRecord(stored.getId(), realm.getId(), user.getId(), pending.credentialIdHash(), pending.aaguid(),
                pending.backupEligible(), pending.backupState(), pending.transports(), pending.attestationFormat(), enrollment,
                enrolledFrom, Time.currentTimeMillis(), pending.createdAgent(), null, null, null, null, 0L));

        Map<String, Object> mail = new HashMap<>();
        mail.put("passkeyName", model.getUserLabel());
        mail.put("provider", "");
        mail.put("agent", pending.createdAgent() == null ? "" : pending.createdAgent());
        mail.put("enrollment", enrollment.name());
        mail.put("synced", pending.backupEligible());
        mail.put("accountUrl", accountUrl);
        Notifications.sendAfterCommit(session, realm, user, "pkf-passkey-added.ftl", "pkfEmailPasskeyAddedSubject", mail);
        return Optional.of(stored.getId());
    }
}
