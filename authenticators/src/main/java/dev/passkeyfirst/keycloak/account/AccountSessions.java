package dev.passkeyfirst.keycloak.account;

import java.util.List;
import java.util.function.Predicate;

import dev.passkeyfirst.keycloak.session.FallbackSessions;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.UserSessionManager;

/** Ending an account's sessions, as an admin's "sign out" would: the sessions, their tokens, their offline tokens. */
public final class AccountSessions {

    private AccountSessions() {
    }

    /** Every session and offline token of the account ends; tokens issued before now stop working (not-before moves). */
    public static void signOutEverywhere(KeycloakSession session, RealmModel realm, UserModel user) {
        session.users().setNotBeforeForUser(realm, user, Time.currentTime());
        signOut(session, realm, user, s -> true);
    }

    /** The fallback sessions of the account end, with their refresh and offline tokens; passkey sessions stay. */
    public static int signOutFallbacks(KeycloakSession session, RealmModel realm, UserModel user) {
        return signOut(session, realm, user, FallbackSessions::isFallback);
    }

    /** Ends the account's sessions that {@code which} picks (and their offline twins); how many online ones ended. */
    public static int signOut(KeycloakSession session, RealmModel realm, UserModel user, Predicate<UserSessionModel> which) {
        List<UserSessionModel> online = session.sessions().getUserSessionsStream(realm, user).filter(which).toList();
        online.forEach(s -> AuthenticationManager.backchannelLogout(session, s, true));
        UserSessionManager manager = new UserSessionManager(session);
        session.sessions().getOfflineUserSessionsStream(realm, user).filter(which).toList().forEach(manager::revokeOfflineUserSession);
        return online.size();
    }
}
