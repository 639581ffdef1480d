package dev.passkeyfirst.keycloak.recovery;

import dev.passkeyfirst.keycloak.common.AccountConsole;
import java.util.List;
import java.util.Optional;

import dev.passkeyfirst.keycloak.enroll.PendingActivation;
import dev.passkeyfirst.keycloak.model.Enrollment;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.model.PendingPasskey;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.UserSessionManager;

/**
 * The moment a recovered passkey becomes a Keycloak credential: every other session and offline
 * token of the account ends (Keycloak's not-before moves), as an admin's "sign out everywhere" would.
 */
public final class RecoveryActivation {

    private RecoveryActivation() {
    }

    public static Optional<String> activate(KeycloakSession session, RealmModel realm, UserModel user, PendingPasskey pending) {
        Optional<String> id = PendingActivation.activate(session, realm, user, pending, Enrollment.RECOVERY, null, AccountConsole.url(session, realm));
        id.ifPresent(x -> signOutEverywhere(session, realm, user));
        return id;
    }

    /** Activates the account's recovered passkeys whose waiting period has ended; true if any did. */
    public static boolean activateDue(KeycloakSession session, RealmModel realm, UserModel user) {
        long now = Time.currentTimeMillis();
        List<PendingPasskey> due = session.getProvider(PasskeyRecordStore.class).getPendingOfUser(realm, user).stream()
                .filter(p -> p.purpose() == PendingPasskey.Purpose.RECOVERY && p.activateAt() != null && p.activateAt() <= now)
                .toList();
        boolean any = false;
        for (PendingPasskey p : due) any |= activate(session, realm, user, p).isPresent();
        return any;
    }

    public static List<PendingPasskey> waiting(KeycloakSession session, RealmModel realm, UserModel user) {
        long now = Time.currentTimeMillis();
        return session.getProvider(PasskeyRecordStore.class).getPendingOfUser(realm, user).stream()
                .filter(p -> p.purpose() == PendingPasskey.Purpose.RECOVERY && p.activateAt() != null && p.activateAt() > now)
                .toList();
    }

    public static void signOutEverywhere(KeycloakSession session, RealmModel realm, UserModel user) {
        session.users().setNotBeforeForUser(realm, user, Time.currentTime());
        List<UserSessionModel> sessions = session.sessions().getUserSessionsStream(realm, user).toList();
        for (UserSessionModel s : sessions) {
            AuthenticationManager.backchannelLogout(session, s, true);
        }
        UserSessionManager manager = new UserSessionManager(session);
        session.sessions().getOfflineUserSessionsStream(realm, user).toList().forEach(manager::revokeOfflineUserSession);
    }
}
