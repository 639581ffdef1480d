package dev.passkeyfirst.keycloak.webauthn;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.model.PendingPasskey;
import dev.passkeyfirst.keycloak.util.CredentialIds;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;

/**
 * The list the Signal API's {@code signalAllAcceptedCredentials} takes: every WebAuthn credential the
 * account still has, second-factor keys included, and every passkey it holds pending (a new device
 * awaiting approval, a recovered passkey in its waiting period), because a browser deletes from its
 * provider whatever this list leaves out, and a pending passkey is about to work.
 */
public final class AcceptedCredentials {

    private AcceptedCredentials() {
    }

    /** Base64url WebAuthn ids of the user's credentials, leaving out {@code removedId} (a credential model id, or null). */
    public static List<String> of(KeycloakSession session, RealmModel realm, UserModel user, String removedId) {
        return of(user, session.getProvider(PasskeyRecordStore.class).getPendingOfUser(realm, user), removedId);
    }

    /** The same, with the account's pending passkeys already read. */
    public static List<String> of(UserModel user, List<PendingPasskey> pending, String removedId) {
        Stream<byte[]> stored = user.credentialManager().getStoredCredentialsStream()
                .filter(c -> !c.getId().equals(removedId))
                .filter(c -> WebAuthnCredentialModel.TYPE_PASSWORDLESS.equals(c.getType()) || WebAuthnCredentialModel.TYPE_TWOFACTOR.equals(c.getType()))
                .map(AcceptedCredentials::rawIdOf).flatMap(Optional::stream);
        Stream<byte[]> waiting = pending.stream().map(p -> StoredPasskey.rawIdOf(p.keycloakForm())).flatMap(Optional::stream);
        return Stream.concat(stored, waiting).map(CredentialIds::base64Url).distinct().toList();
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
