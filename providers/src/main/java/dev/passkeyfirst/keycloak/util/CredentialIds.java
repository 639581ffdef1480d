package dev.passkeyfirst.keycloak.util;

import java.util.Base64;
import java.util.Optional;

/** The forms a WebAuthn credential id takes on its way between browser, Keycloak and our table. */
public final class CredentialIds {

    private CredentialIds() {
    }

    /** Key of our table: fixed length whatever the authenticator's id length (up to 1023 bytes). */
    public static String hash(byte[] rawCredentialId) {
        return Secrets.sha256(rawCredentialId);
    }

    /** As Keycloak keeps it in {@code WebAuthnCredentialData}: standard Base64 with padding. */
    public static String keycloakForm(byte[] rawCredentialId) {
        return Base64.getEncoder().encodeToString(rawCredentialId);
    }

    /** As the browser sends it and as it goes into {@code allowCredentials}. */
    public static String base64Url(byte[] rawCredentialId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(rawCredentialId);
    }

    /** Reads Keycloak's stored form, which older versions wrote with MIME line breaks. */
    public static byte[] fromKeycloakForm(String stored) {
        return Base64.getMimeDecoder().decode(stored);
    }

    /** {@link #fromKeycloakForm}, or empty where Keycloak holds no id or one that does not decode. */
    public static Optional<byte[]> readKeycloakForm(String stored) {
        if (stored == null || stored.isEmpty()) return Optional.empty();
        try {
            return Optional.of(fromKeycloakForm(stored));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
