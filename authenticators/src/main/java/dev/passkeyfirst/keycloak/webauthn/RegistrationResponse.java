package dev.passkeyfirst.keycloak.webauthn;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.ws.rs.core.MultivaluedMap;

import org.keycloak.WebAuthnConstants;

/**
 * The fields a page's script posts after {@code navigator.credentials.create()}, decoded and
 * bounded before anything else happens. Field names are Keycloak's own, so Keycloak's registration
 * can read the same request.
 */
public record RegistrationResponse(byte[] clientDataJSON, byte[] attestationObject, byte[] credentialId,
                                   String label, Set<String> transports, String attachment) {

    static final Set<String> TRANSPORTS = Set.of("usb", "nfc", "ble", "internal", "hybrid", "smart-card");

    public static RegistrationResponse parse(MultivaluedMap<String, String> form) throws BadInputException {
        byte[] clientData = FormFields.base64Url(form, WebAuthnConstants.CLIENT_DATA_JSON, 32, 4096, true);
        byte[] attestation = FormFields.base64Url(form, WebAuthnConstants.ATTESTATION_OBJECT, 37, 64 * 1024, true);
        byte[] credentialId = FormFields.base64Url(form, WebAuthnConstants.PUBLIC_KEY_CREDENTIAL_ID, 1, 1023, true);
        String label = FormFields.single(form, WebAuthnConstants.AUTHENTICATOR_LABEL, 1024);
        Set<String> transports = transports(FormFields.single(form, WebAuthnConstants.TRANSPORTS, 256));
        String attachment = FormFields.single(form, WebAuthnConstants.AUTHENTICATOR_ATTACHMENT, 32);
        if (attachment != null && !attachment.equals("platform") && !attachment.equals("cross-platform")) {
            throw new BadInputException("authenticatorAttachment unknown");
        }
        return new RegistrationResponse(clientData, attestation, credentialId, label, transports, attachment);
    }

    /** The browser's transports list, keeping only values WebAuthn defines. */
    public static Set<String> transports(String posted) throws BadInputException {
        Set<String> out = new LinkedHashSet<>();
        if (posted == null || posted.isBlank()) return out;
        for (String t : posted.split(",")) {
            String v = t.trim();
            if (v.isEmpty()) continue;
            if (!TRANSPORTS.contains(v)) throw new BadInputException("unknown transport");
            out.add(v);
        }
        return out;
    }

    /** Printable, single-spaced, at most 64 code points; null when nothing is left. */
    public static String cleanLabel(String raw) {
        if (raw == null) return null;
        StringBuilder b = new StringBuilder();
        raw.codePoints().filter(cp -> !Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT)
                .forEach(b::appendCodePoint);
        String s = b.toString().strip().replaceAll("\\s+", " ");
        if (s.isEmpty()) return null;
        int max = 64;
        return s.codePointCount(0, s.length()) > max ? s.substring(0, s.offsetByCodePoints(0, max)) : s;
    }
}
