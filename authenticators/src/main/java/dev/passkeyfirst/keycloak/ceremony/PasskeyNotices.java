package dev.passkeyfirst.keycloak.ceremony;

import java.util.HashMap;
import java.util.Map;

import dev.passkeyfirst.keycloak.common.AccountConsole;
import dev.passkeyfirst.keycloak.common.Requests;
import dev.passkeyfirst.keycloak.model.Enrollment;
import dev.passkeyfirst.keycloak.notify.Notifications;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.keycloak.webauthn.AuthenticatorNames;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** The emails that tell an account's owner that its passkeys changed (DESIGN §5: every change is notified). */
public final class PasskeyNotices {

    private PasskeyNotices() {
    }

    /** A passkey became a credential of the account, however it came. */
    public static void added(KeycloakSession session, RealmModel realm, UserModel user, String label, String aaguid,
                             String agent, Enrollment how, boolean synced) {
        Map<String, Object> mail = new HashMap<>();
        mail.put("passkeyName", label);
        mail.put("provider", orEmpty(aaguid == null ? null : AuthenticatorNames.provider(session, aaguid)));
        mail.put("agent", orEmpty(agent));
        mail.put("enrollment", how.name());
        mail.put("synced", synced);
        mail.put("accountUrl", AccountConsole.url(session, realm));
        Notifications.sendAfterCommit(session, realm, user, Pages.EMAIL_PASSKEY_ADDED, "pkfEmailPasskeyAddedSubject", mail);
    }

    /** A passkey was removed, wherever: our pages, a recovery's review, the stock account console. */
    public static void removed(KeycloakSession session, RealmModel realm, UserModel user, String label, String aaguid) {
        Map<String, Object> mail = new HashMap<>();
        mail.put("passkeyName", orEmpty(label));
        mail.put("provider", orEmpty(aaguid == null ? null : AuthenticatorNames.provider(session, aaguid)));
        mail.put("agent", Requests.agentOrEmpty(session));
        mail.put("accountUrl", AccountConsole.url(session, realm));
        Notifications.sendAfterCommit(session, realm, user, Pages.EMAIL_PASSKEY_REMOVED, "pkfEmailPasskeyRemovedSubject", mail);
    }

    /** The user removed their password: the account signs in with passkeys only from now on. */
    public static void passwordRemoved(KeycloakSession session, RealmModel realm, UserModel user) {
        Map<String, Object> mail = new HashMap<>();
        mail.put("agent", Requests.agentOrEmpty(session));
        mail.put("accountUrl", AccountConsole.url(session, realm));
        Notifications.sendAfterCommit(session, realm, user, Pages.EMAIL_PASSWORD_REMOVED, "pkfEmailPasswordRemovedSubject", mail);
    }

    /** What an administrator did to the account, told to its owner as if they had done it themselves. */
    public enum AdminChange { RECOVERIES_CANCELLED, FREEZE_LIFTED }

    public static void adminChanged(KeycloakSession session, RealmModel realm, UserModel user, AdminChange change) {
        Map<String, Object> mail = new HashMap<>();
        mail.put("change", change.name());
        mail.put("accountUrl", AccountConsole.url(session, realm));
        Notifications.sendAfterCommit(session, realm, user, Pages.EMAIL_ADMIN_CHANGE, "pkfEmailAdminChangeSubject", mail);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
