package dev.passkeyfirst.keycloak.fallback;

import dev.passkeyfirst.keycloak.common.FallbackSessions;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * First step of the browser flow, before "Cookie": when the browser's SSO session is a fallback
 * session, what this sign-in issues loses offline_access. It never signs anyone in: it always
 * steps aside for the next alternative.
 */
public class FallbackGuardAuthenticator implements Authenticator {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationManager.AuthResult sso = AuthenticationManager.authenticateIdentityCookie(context.getSession(), context.getRealm(), true);
        if (sso != null && FallbackSessions.isFallback(sso.session())) {
            FallbackSessions.withoutOfflineAccess(context.getAuthenticationSession());
        }
        context.attempted();
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        context.attempted();
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
