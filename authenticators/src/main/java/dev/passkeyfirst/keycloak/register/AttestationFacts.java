package dev.passkeyfirst.keycloak.register;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import dev.passkeyfirst.keycloak.webauthn.BadInputException;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;

/**
 * What a new passkey's attestation object says about itself, read before Keycloak stores anything:
 * its credential id (which must be the id the page posted), model, backup flags and format.
 */
public record AttestationFacts(byte[] credentialId, String aaguid, boolean backupEligible, boolean backupState,
                               boolean userVerified, String format) {

    static final Set<String> TRANSPORTS = Set.of("usb", "nfc", "ble", "internal", "hybrid", "smart-card");

    public static AttestationFacts read(AttestationObjectConverter converter, byte[] attestationObject, byte[] postedCredentialId)
            throws BadInputException {
        AttestationObject parsed;
        try {
            parsed = converter.convert(attestationObject);
        } catch (RuntimeException e) {
            throw new BadInputException("attestationObject is not CBOR of an attestation: " + e.getClass().getSimpleName());
        }
        if (parsed == null || parsed.getAuthenticatorData() == null) throw new BadInputException("attestationObject is empty");
        AttestedCredentialData attested = parsed.getAuthenticatorData().getAttestedCredentialData();
        if (attested == null || attested.getCredentialId() == null) throw new BadInputException("attestationObject holds no credential");
        if (!Arrays.equals(attested.getCredentialId(), postedCredentialId)) {
            throw new BadInputException("posted credential id is not the one in the authenticator data");
        }
        var flags = parsed.getAuthenticatorData();
        return new AttestationFacts(attested.getCredentialId(), attested.getAaguid().toString(), flags.isFlagBE(),
                flags.isFlagBS(), flags.isFlagUV(), parsed.getFormat());
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
}
