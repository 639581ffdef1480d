package dev.passkeyfirst.keycloak.common;

import java.util.Map;
import java.util.OptionalInt;

import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * When this browser session last proved a passkey. Read from Keycloak's own record of completed
 * executions (carried from the SSO session into every new authentication), so a passkey step of
 * ours and Keycloak's own WebAuthn Passwordless step count alike, and nothing extra is stored.
 */
public final class PasskeySessions {

    private PasskeySessions() {
    }

    /** Seconds since the epoch of the latest passkey step completed in this session, if any. */
    public static OptionalInt lastPasskeySignIn(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession) {
        Map<String, Integer> completed;
        try {
            completed = AuthenticatorUtils.parseCompletedExecutions(authSession.getUserSessionNotes().get(Constants.AUTHENTICATORS_COMPLETED));
        } catch (IllegalStateException unreadable) {
            return OptionalInt.empty();
        }
        int latest = -1;
        for (Map.Entry<String, Integer> e : completed.entrySet()) {
            AuthenticationExecutionModel execution = realm.getAuthenticationExecutionById(e.getKey());
            if (execution == null || execution.getAuthenticator() == null) continue;
            var factory = session.getKeycloakSessionFactory().getProviderFactory(Authenticator.class, execution.getAuthenticator());
            if (factory instanceof AuthenticatorFactory af
                    && WebAuthnCredentialModel.TYPE_PASSWORDLESS.equals(af.getReferenceCategory())
                    && e.getValue() != null) {
                latest = Math.max(latest, e.getValue());
            }
        }
        return latest < 0 ? OptionalInt.empty() : OptionalInt.of(latest);
    }
}
