package dev.passkeyfirst.keycloak.session;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import dev.passkeyfirst.keycloak.vocabulary.AuthNotes;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * How this browser session proved a passkey: which passkey, whether it was device-bound and verified
 * its user, and when. The "when" is read from Keycloak's own record of completed executions (carried
 * from the SSO session into every new authentication), so a passkey step of ours and Keycloak's own
 * WebAuthn Passwordless step count alike.
 */
public final class PasskeySessions {

    /** What a passkey sign-in proved, kept for the session (auth notes and user-session notes alike). */
    public record Proof(String credentialId, boolean deviceBound, boolean userVerified, String attachment) {
    }

    private PasskeySessions() {
    }

    /** Records the proof in this authentication and the session it makes, which is no fallback session any more. */
    public static void record(AuthenticationSessionModel authSession, Proof proof) {
        Map<String, String> notes = Map.of(
                AuthNotes.PASSKEY_CREDENTIAL, proof.credentialId(),
                AuthNotes.PASSKEY_DEVICE_BOUND, Boolean.toString(proof.deviceBound()),
                AuthNotes.PASSKEY_USER_VERIFIED, Boolean.toString(proof.userVerified()),
                AuthNotes.PASSKEY_ATTACHMENT, proof.attachment() == null ? "" : proof.attachment());
        notes.forEach((k, v) -> {
            authSession.setAuthNote(k, v);
            authSession.setUserSessionNote(k, v);
        });
    }

    /**
     * A password signed this session in again: the passkey it may have proved before no longer speaks
     * for it, so nothing that needs a passkey sign-in takes this session's word.
     */
    public static void forget(AuthenticationSessionModel authSession) {
        for (String k : new String[] {AuthNotes.PASSKEY_CREDENTIAL, AuthNotes.PASSKEY_DEVICE_BOUND, AuthNotes.PASSKEY_USER_VERIFIED,
                AuthNotes.PASSKEY_ATTACHMENT}) {
            authSession.removeAuthNote(k);
            authSession.setUserSessionNote(k, "");
        }
    }

    /** The proof of this authentication, if a passkey step of ours ran in it. */
    public static Optional<Proof> of(AuthenticationSessionModel authSession) {
        return read(authSession.getAuthNote(AuthNotes.PASSKEY_CREDENTIAL), authSession.getAuthNote(AuthNotes.PASSKEY_DEVICE_BOUND),
                authSession.getAuthNote(AuthNotes.PASSKEY_USER_VERIFIED), authSession.getAuthNote(AuthNotes.PASSKEY_ATTACHMENT));
    }

    /** The proof the SSO session was signed in with. */
    public static Optional<Proof> of(UserSessionModel userSession) {
        Map<String, String> n = userSession.getNotes();
        return read(n.get(AuthNotes.PASSKEY_CREDENTIAL), n.get(AuthNotes.PASSKEY_DEVICE_BOUND),
                n.get(AuthNotes.PASSKEY_USER_VERIFIED), n.get(AuthNotes.PASSKEY_ATTACHMENT));
    }

    /** The credential id of the passkey that signed in the session this authentication continues, if any. */
    public static Optional<String> sessionCredential(AuthenticationSessionModel authSession) {
        return Optional.ofNullable(authSession.getUserSessionNotes().get(AuthNotes.PASSKEY_CREDENTIAL)).filter(id -> !id.isEmpty());
    }

    private static Optional<Proof> read(String credential, String bound, String verified, String attachment) {
        if (credential == null || credential.isEmpty() || bound == null) return Optional.empty();
        return Optional.of(new Proof(credential, "true".equals(bound), "true".equals(verified), attachment));
    }

    /** Whether a passkey was proved in this session within {@code maxAgeSeconds}. */
    public static boolean recentPasskeySignIn(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession,
                                              int maxAgeSeconds) {
        return lastPasskeySignIn(session, realm, authSession).stream().anyMatch(t -> Time.currentTime() - t <= maxAgeSeconds);
    }

    /** Seconds since the epoch of the latest passkey step completed in this session, if any. */
    public static OptionalInt lastPasskeySignIn(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession) {
        Map<String, Integer> completed;
        try {
            completed = AuthenticatorUtils.parseCompletedExecutions(authSession.getUserSessionNotes().get(Constants.AUTHENTICATORS_COMPLETED));
        } catch (IllegalStateException unreadable) {
            return OptionalInt.empty();
        }
        // our sign-in step also takes passwords where the realm allows them: it counts only while its passkey proof stands
        String ourProof = authSession.getUserSessionNotes().get(AuthNotes.PASSKEY_CREDENTIAL);
        boolean ourStepProvedPasskey = ourProof != null && !ourProof.isEmpty();
        int latest = -1;
        for (Map.Entry<String, Integer> e : completed.entrySet()) {
            AuthenticationExecutionModel execution = realm.getAuthenticationExecutionById(e.getKey());
            if (execution == null || execution.getAuthenticator() == null) continue;
            if (ProviderIds.PASSKEY_LOGIN.equals(execution.getAuthenticator()) && !ourStepProvedPasskey) continue;
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
