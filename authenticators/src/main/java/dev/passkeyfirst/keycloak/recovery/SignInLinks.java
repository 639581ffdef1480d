package dev.passkeyfirst.keycloak.recovery;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.passkeyfirst.keycloak.notify.Notifications;
import dev.passkeyfirst.keycloak.webauthn.StoredPasskey;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

/**
 * The email sign-in link ("magic link"). It belongs to the authentication session that asked for
 * it, so to one browser: the link's entry names that session, and that session's note names the
 * link. A link opened anywhere else, or after that sign-in moved on, does nothing.
 */
public final class SignInLinks {

    static final String PREFIX = "pkf.signin.link.";
    /** Auth note: the id of the link this authentication session waits for. */
    public static final String NOTE_LINK = "pkf.signin.link";
    /** Auth note: the account whose link was confirmed in this browser; the recovery step signs it in. */
    public static final String NOTE_USER = "pkf.signin.user";
    /** User-session note value of {@link dev.passkeyfirst.keycloak.common.FallbackSessions#NOTE} for this way in. */
    public static final String HOW = "EMAIL_LINK";

    private SignInLinks() {
    }

    /** Who gets a link: a verified address, not frozen, and a passkey only where the admin allows it. */
    static boolean eligible(UserModel user, RecoveryConfig config) {
        return user != null && user.isEnabled() && user.getEmail() != null && user.isEmailVerified()
                && !AccountProofs.frozen(user) && (config.signInLinkWithPasskey() || StoredPasskey.of(user).isEmpty());
    }

    static void send(KeycloakSession session, RealmModel realm, UserModel user, AuthenticationSessionModel authSession, RecoveryConfig config) {
        String id = RecoveryMessages.randomId();
        session.singleUseObjects().put(PREFIX + id, config.linkMinutes() * 60L, Map.of(
                "realm", realm.getId(), "user", user.getId(), "root", authSession.getParentSession().getId(),
                "tab", authSession.getTabId(), "client", authSession.getClient().getClientId()));
        authSession.setAuthNote(NOTE_LINK, id);
        Map<String, Object> mail = new HashMap<>();
        mail.put("link", session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName())
                .path("passkey-first").path("sign-in").path(id).build().toString());
        mail.put("expiresInMinutes", config.linkMinutes());
        Notifications.sendAfterCommit(session, realm, user, "pkf-sign-in-link.ftl", "pkfEmailSignInLinkSubject", mail);
    }

    /** What a link's entry says, read without using it up. */
    public record Link(String id, String userId, String rootId, String tabId, String clientId) {
    }

    public static Optional<Link> peek(KeycloakSession session, RealmModel realm, String id) {
        if (!RecoveryLinks.isId(id)) return Optional.empty();
        Map<String, String> e = session.singleUseObjects().get(PREFIX + id);
        if (e == null || !realm.getId().equals(e.get("realm"))) return Optional.empty();
        return Optional.of(new Link(id, e.get("user"), e.get("root"), e.get("tab"), e.get("client")));
    }

    /**
     * Uses the link up for the session it belongs to; true for exactly one caller across the
     * cluster. The session then holds the account until the recovery step signs it in.
     */
    public static boolean take(KeycloakSession session, Link link, AuthenticationSessionModel authSession) {
        if (session.singleUseObjects().remove(PREFIX + link.id()) == null) return false;
        authSession.removeAuthNote(NOTE_LINK);
        authSession.setAuthNote(NOTE_USER, link.userId());
        return true;
    }

    /** Whether this browser's authentication-session cookie names the session the link was asked from. */
    public static boolean askedHere(RootAuthenticationSessionModel browserRoot, Link link) {
        return browserRoot != null && browserRoot.getId().equals(link.rootId());
    }

    /**
     * The authentication session the link belongs to, if this browser holds it and it still waits for
     * this very link (asking again, or starting over, leaves an earlier link waiting for nothing).
     */
    public static Optional<AuthenticationSessionModel> waitingSession(RealmModel realm, RootAuthenticationSessionModel browserRoot, Link link) {
        if (!askedHere(browserRoot, link)) return Optional.empty();
        ClientModel client = realm.getClientByClientId(link.clientId());
        if (client == null) return Optional.empty();
        AuthenticationSessionModel authSession = browserRoot.getAuthenticationSession(client, link.tabId());
        if (authSession == null || !link.id().equals(authSession.getAuthNote(NOTE_LINK))) return Optional.empty();
        return Optional.of(authSession);
    }
}
