package dev.passkeyfirst.keycloak.fallback;

import java.util.Set;

import dev.passkeyfirst.keycloak.common.PkfAuthenticator;
import dev.passkeyfirst.keycloak.session.FallbackSessions;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.Constants;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * First step of the browser flow, before "Cookie": when the browser's SSO session is a fallback
 * session, what this sign-in issues loses offline_access, and an application-initiated action
 * (kc_action: update the profile or email, link an identity provider, delete the account...) asks
 * for the passkey level first, so Keycloak's Cookie step treats it as a step-up. It never signs
 * anyone in: it always steps aside for the next alternative.
 */
public class FallbackGuardAuthenticator implements PkfAuthenticator {

    /** Actions a fallback session may start without a passkey: they change nothing that protects the account. */
    static final Set<String> HARMLESS_ACTIONS = Set.of("update_user_locale");

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationManager.AuthResult sso = AuthenticationManager.authenticateIdentityCookie(context.getSession(), context.getRealm(), true);
        if (sso != null && FallbackSessions.isFallback(sso.session())) {
            AuthenticationSessionModel authSession = context.getAuthenticationSession();
            FallbackSessions.withoutOfflineAccess(authSession);
            String action = authSession.getClientNote(Constants.KC_ACTION);
            if (action != null && !HARMLESS_ACTIONS.contains(action)) {
                int level = FallbackGuardConfig.of(context.getAuthenticatorConfig()).passkeyLevel();
                String requested = authSession.getClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION);
                if (requested == null || parse(requested) < level) {
                    authSession.setClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION, Integer.toString(level));
                }
            }
        }
        context.attempted();
    }

    private static int parse(String level) {
        try {
            return Integer.parseInt(level);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        context.attempted();
    }
}
