package dev.passkeyfirst.keycloak.session;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import dev.passkeyfirst.keycloak.vocabulary.AuthNotes;
import org.keycloak.OAuth2Constants;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.Constants;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * A fallback session is one signed in by a recovery proof (email, SMS, recovery code) or an email
 * sign-in link rather than a passkey (DESIGN §5, levels). It keeps that mark in a user-session note
 * until a passkey sign-in in the same session clears it, and it never gets an offline token.
 */
public final class FallbackSessions {

    private FallbackSessions() {
    }

    public static boolean isFallback(UserSessionModel session) {
        String note = session == null ? null : session.getNote(AuthNotes.FALLBACK);
        return note != null && !note.isBlank();
    }

    /** Whether the session this authentication continues (or is making) is a fallback session. */
    public static boolean isFallback(AuthenticationSessionModel authSession) {
        String note = authSession.getUserSessionNotes().get(AuthNotes.FALLBACK);
        return note != null && !note.isBlank();
    }

    public static void mark(AuthenticationSessionModel authSession, String how) {
        authSession.setUserSessionNote(AuthNotes.FALLBACK, how);
        withoutOfflineAccess(authSession);
        // an application action asked for before the recovery (kc_action=UPDATE_EMAIL, idp_link...)
        // would otherwise run right after it, in a session that may not change the account
        authSession.removeClientNote(Constants.KC_ACTION);
    }

    /** A passkey proved in this session: it is a full session from now on. */
    public static void clear(AuthenticationSessionModel authSession) {
        authSession.setUserSessionNote(AuthNotes.FALLBACK, "");
    }

    /** Drops offline_access from what this authentication will issue, whatever the client asked. */
    public static void withoutOfflineAccess(AuthenticationSessionModel authSession) {
        String scope = authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM);
        if (scope != null && scope.contains(OAuth2Constants.OFFLINE_ACCESS)) {
            authSession.setClientNote(OIDCLoginProtocol.SCOPE_PARAM, Arrays.stream(scope.split(" "))
                    .filter(s -> !s.equals(OAuth2Constants.OFFLINE_ACCESS)).collect(Collectors.joining(" ")));
        }
        RealmModel realm = authSession.getRealm();
        ClientScopeModel offline = realm.getClientScopesStream().filter(s -> OAuth2Constants.OFFLINE_ACCESS.equals(s.getName()))
                .findFirst().orElse(null);
        if (offline != null && authSession.getClientScopes() != null && authSession.getClientScopes().contains(offline.getId())) {
            Set<String> scopes = new HashSet<>(authSession.getClientScopes());
            scopes.remove(offline.getId());
            authSession.setClientScopes(scopes);
        }
    }
}
