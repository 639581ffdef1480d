package dev.passkeyfirst.keycloak.ceremony;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.passkeyfirst.keycloak.account.AccountSessions;
import dev.passkeyfirst.keycloak.account.Recoveries;
import dev.passkeyfirst.keycloak.events.PkfEvent;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.model.Added;
import dev.passkeyfirst.keycloak.model.Enrollment;
import dev.passkeyfirst.keycloak.model.LastUse;
import dev.passkeyfirst.keycloak.model.PasskeyRecord;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.model.PendingPasskey;
import dev.passkeyfirst.keycloak.model.RecoveryDueMark;
import dev.passkeyfirst.keycloak.webauthn.AuthenticatorNames;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;

/**
 * Pending passkeys becoming Keycloak credentials: a new device once the old one approved, a recovered
 * passkey when its recovery completes or its waiting period ends. The pending row is deleted first
 * and only the request whose delete removed it goes on, so concurrent activations on any nodes make
 * one credential; everything happens in one transaction, so a failure leaves the pending row in place.
 */
public final class PendingPasskeys {

    private PendingPasskeys() {
    }

    /** The new credential's id, or empty when another request activated (or removed) it first. */
    public static Optional<String> activate(KeycloakSession session, RealmModel realm, UserModel user, PendingPasskey pending,
                                            Enrollment how, String enrolledFrom) {
        PasskeyRecordStore records = session.getProvider(PasskeyRecordStore.class);
        if (!pending.userId().equals(user.getId()) || !records.removePending(realm, pending.id())) return Optional.empty();
        CredentialModel model = new CredentialModel();
        model.setType(WebAuthnCredentialModel.TYPE_PASSWORDLESS);
        model.setUserLabel(AuthenticatorNames.unique(user, pending.label()));
        model.setCredentialData(pending.keycloakForm().credentialData());
        model.setSecretData(pending.keycloakForm().secretData());
        long now = Time.currentTimeMillis();
        model.setCreatedDate(now);
        // through Keycloak's credential provider, as every WebAuthn credential: it notes the credential id
        CredentialModel stored = RegistrationCeremony.webAuthnProvider(session)
                .createCredential(realm, user, WebAuthnCredentialModel.createFromCredentialModel(model));
        records.add(new PasskeyRecord(stored.getId(), realm.getId(), user.getId(), pending.credentialIdHash(), pending.facts(),
                new Added(how, enrolledFrom, now, pending.createdAgent()), LastUse.NEVER, 0L));
        PkfEvent.PASSKEY_ADDED.from(new EventBuilder(realm, session, session.getContext().getConnection())).user(user)
                .detail(PkfEvents.CREDENTIAL_ID, stored.getId()).detail(PkfEvents.ENROLLMENT, how.name()).success();
        PasskeyNotices.added(session, realm, user, model.getUserLabel(), pending.facts().aaguid(), pending.createdAgent(), how,
                pending.facts().backupEligible());
        return Optional.of(stored.getId());
    }

    /**
     * A recovered passkey becomes a credential: every other session and offline token of the account
     * ends (Keycloak's not-before moves), as an admin's "sign out everywhere" would. Never while the
     * account is frozen: "this wasn't me" outranks any recovery.
     */
    public static Optional<String> activateRecovered(KeycloakSession session, RealmModel realm, UserModel user, PendingPasskey pending) {
        if (Recoveries.frozen(user)) return Optional.empty();
        Optional<String> id = activate(session, realm, user, pending, Enrollment.RECOVERY, null);
        id.ifPresent(x -> AccountSessions.signOutEverywhere(session, realm, user));
        return id;
    }

    /**
     * Activates the account's recovered passkeys whose waiting period has ended; true if any did. The
     * account's due mark then names the first of those still waiting, or goes.
     */
    public static boolean activateDue(KeycloakSession session, RealmModel realm, UserModel user) {
        long now = Time.currentTimeMillis();
        List<PendingPasskey> pending = session.getProvider(PasskeyRecordStore.class).getPendingOfUser(realm, user);
        List<PendingPasskey> left = new ArrayList<>(pending);
        boolean any = false;
        for (PendingPasskey p : pending) {
            if (p.dueAt(now) && activateRecovered(session, realm, user, p).isPresent()) {
                left.remove(p);
                any = true;
            }
        }
        RecoveryDueMark.settle(user, left);
        return any;
    }

    /** {@link #activateDue}, but only once the account's due mark is reached: for nearly every account, no query. */
    public static boolean activateDueIfMarked(KeycloakSession session, RealmModel realm, UserModel user) {
        return RecoveryDueMark.reached(user, Time.currentTimeMillis()) && activateDue(session, realm, user);
    }
}
