package dev.passkeyfirst.keycloak.webauthn;

import java.util.List;
import java.util.Optional;

import dev.passkeyfirst.keycloak.util.CredentialIds;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;

/**
 * The list the Signal API's {@code signalAllAcceptedCredentials} takes: every WebAuthn credential the
 * account still has, second-factor keys included, because a browser deletes from its provider
 * whatever this list leaves out.
 */
public final class AcceptedCredentials {

    private AcceptedCredentials() {
    }

    /** Base64url WebAuthn ids of the user's credentials, leaving out {@code removedId} (a credential model id, or null). */
    public static List<String> of(UserModel user, String removedId) {
        return user.credentialManager().getStoredCredentialsStream()
                .filter(c -> !c.getId().equals(removedId))
                .filter(c -> WebAuthnCredentialModel.TYPE_PASSWORDLESS.equals(c.getType()) || WebAuthnCredentialModel.TYPE_TWOFACTOR.equals(c.getType()))
                .map(AcceptedCredentials::rawIdOf).flatMap(Optional::stream)
                .map(CredentialIds::base64Url).toList();
    }

    private static Optional<byte[]> rawIdOf(CredentialModel c) {
        try {
            return Optional.of(CredentialIds.fromKeycloakForm(WebAuthnCredentialModel.createFromCredentialModel(c)
                    .getWebAuthnCredentialData().getCredentialId()));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
