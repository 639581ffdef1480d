package dev.passkeyfirst.keycloak.recovery;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.passkeyfirst.keycloak.account.Recoveries;
import dev.passkeyfirst.keycloak.link.Links;
import dev.passkeyfirst.keycloak.notify.Notifications;
import dev.passkeyfirst.keycloak.vocabulary.AuthNotes;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
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
final class SignInLinks {

    /** User-session note value of the fallback mark for this way in. */
    static final String HOW = "EMAIL_LINK";

    /** What a link's entry says. */
    record Link(String realmId, String userId, String rootId, String tabId, String clientId) {
    }

    private SignInLinks() {
    }

    /** Who gets a link: a verified address, not frozen, and a passkey only where the admin allows it. */
    static boolean eligible(UserModel user, RecoveryConfig config) {
        return user != null && user.isEnabled() && user.getEmail() != null && user.isEmailVerified()
                && !Recoveries.frozen(user) && (config.signInLinkWithPasskey() || StoredPasskey.of(user).isEmpty());
    }

    static void send(KeycloakSession session, RealmModel realm, UserModel user, AuthenticationSessionModel authSession, RecoveryConfig config) {
        String id = Links.newId();
        Links.put(session, ProviderIds.PART_SIGN_IN, id, new Link(realm.getId(), user.getId(), authSession.getParentSession().getId(),
                authSession.getTabId(), authSession.getClient().getClientId()), config.linkMinutes() * 60L);
        authSession.setAuthNote(AuthNotes.SIGN_IN_LINK, id);
        Map<String, Object> mail = new HashMap<>();
        mail.put("link", Links.url(session, realm, ProviderIds.PART_SIGN_IN, id));
        mail.put("expiresInMinutes", config.linkMinutes());
        Notifications.sendAfterCommit(session, realm, user, Pages.EMAIL_SIGN_IN_LINK, "pkfEmailSignInLinkSubject", mail);
    }

    static Optional<Link> peek(KeycloakSession session, RealmModel realm, String id) {
        return Links.peek(session, ProviderIds.PART_SIGN_IN, id, Link.class).filter(l -> realm.getId().equals(l.realmId()));
    }

    /**
     * Uses the link up for the session it belongs to; true for exactly one caller across the
     * cluster. The session then holds the account until the recovery step signs it in.
     */
    static boolean take(KeycloakSession session, String id, Link link, AuthenticationSessionModel authSession) {
        if (Links.take(session, ProviderIds.PART_SIGN_IN, id, Link.class).isEmpty()) return false;
        authSession.removeAuthNote(AuthNotes.SIGN_IN_LINK);
        authSession.setAuthNote(AuthNotes.SIGN_IN_USER, link.userId());
        return true;
    }

    /** Whether this browser's authentication-session cookie names the session the link was asked from. */
    static boolean askedHere(RootAuthenticationSessionModel browserRoot, Link link) {
        return browserRoot != null && browserRoot.getId().equals(link.rootId());
    }

    /**
     * The authentication session the link belongs to, if this browser holds it and it still waits for
     * this very link (asking again, or starting over, leaves an earlier link waiting for nothing).
     */
    static Optional<AuthenticationSessionModel> waitingSession(RealmModel realm, RootAuthenticationSessionModel browserRoot,
                                                               String id, Link link) {
        if (!askedHere(browserRoot, link)) return Optional.empty();
        ClientModel client = realm.getClientByClientId(link.clientId());
        if (client == null) return Optional.empty();
        AuthenticationSessionModel authSession = browserRoot.getAuthenticationSession(client, link.tabId());
        if (authSession == null || !id.equals(authSession.getAuthNote(AuthNotes.SIGN_IN_LINK))) return Optional.empty();
        return Optional.of(authSession);
    }
}
