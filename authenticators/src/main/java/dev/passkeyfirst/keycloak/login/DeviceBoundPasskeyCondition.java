package dev.passkeyfirst.keycloak.login;

import dev.passkeyfirst.keycloak.common.Config;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.Map;

/**
 * True when the passkey that signed this session in is device-bound (backup-ineligible, BE=0) and
 * verified its user. Put it in a conditional sub-flow with "Condition - Level of Authentication" and
 * "Allow access" to give such sign-ins a higher level for step-up ({@code acr}).
 */
public class DeviceBoundPasskeyCondition implements ConditionalAuthenticator {

    static final String NEGATE = "pkf.negate";

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        boolean negate = context.getAuthenticatorConfig() != null
                && Config.bool(context.getAuthenticatorConfig().getConfig(), NEGATE, false);
        return negate != deviceBoundAndVerified(context);
    }

    private static boolean deviceBoundAndVerified(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String bound = authSession.getAuthNote(PasskeyLoginAuthenticator.NOTE_DEVICE_BOUND);
        String verified = authSession.getAuthNote(PasskeyLoginAuthenticator.NOTE_USER_VERIFIED);
        if (bound == null) {
            // this authentication used no passkey: step-up over an SSO session signed in with one
            var sso = AuthenticationManager.authenticateIdentityCookie(context.getSession(), context.getRealm(), true);
            if (sso == null || context.getUser() == null || !sso.user().getId().equals(context.getUser().getId())) return false;
            Map<String, String> notes = sso.session().getNotes();
            bound = notes.get(PasskeyLoginAuthenticator.NOTE_DEVICE_BOUND);
            verified = notes.get(PasskeyLoginAuthenticator.NOTE_USER_VERIFIED);
        }
        return "true".equals(bound) && "true".equals(verified);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
    }

    @Override
    public boolean requiresUser() {
        return true;
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
