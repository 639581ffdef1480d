package dev.passkeyfirst.keycloak.webauthn;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import dev.passkeyfirst.keycloak.model.PendingPasskey;
import dev.passkeyfirst.keycloak.util.CredentialIds;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;

/**
 * A digest of everything a sign-in's Signal API page tells the browser (the rpId, the user handle, the
 * accepted credentials, the name and display name), kept in the passkey's row once told: the next sign-in
 * with that passkey shows the page only if the digest differs, so an account whose passkeys and names
 * did not change costs no extra page and POST.
 *
 * <p>It covers the ids of Keycloak's WebAuthn credentials and of the pending passkeys rather than the raw
 * credential ids the page lists: the same changes show, without decoding every credential's JSON at every
 * sign-in. A pending passkey that becomes a credential changes the digest once, so the list is told again.
 * Never sent to a browser.
 */
public final class SignalDigest {

    private SignalDigest() {
    }

    public static String of(String rpId, UserModel user, List<PendingPasskey> pending) {
        String[] credentials = user.credentialManager().getStoredCredentialsStream()
                .filter(c -> WebAuthnCredentialModel.TYPE_PASSWORDLESS.equals(c.getType()) || WebAuthnCredentialModel.TYPE_TWOFACTOR.equals(c.getType()))
                .map(c -> c.getId()).sorted().toArray(String[]::new);
        String[] waiting = pending.stream().map(PendingPasskey::id).sorted().toArray(String[]::new);
        StringBuilder text = new StringBuilder("v1");
        Stream.of(rpId, user.getId(), user.getUsername(), displayName(user)).forEach(s -> text.append('\0').append(s));
        text.append('\0').append(String.join(",", credentials)).append('\0').append(String.join(",", waiting));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return CredentialIds.base64Url(Arrays.copyOf(hash, 18));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The name a password manager shows for the account: first and last name, else the username. */
    public static String displayName(UserModel user) {
        return Stream.of(user.getFirstName(), user.getLastName()).filter(s -> s != null && !s.isBlank())
                .reduce((a, b) -> a + " " + b).orElse(user.getUsername());
    }
}
