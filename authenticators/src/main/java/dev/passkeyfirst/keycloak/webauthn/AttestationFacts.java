package dev.passkeyfirst.keycloak.webauthn;

import java.util.Arrays;

import com.webauthn4j.data.attestation.statement.CertificateBaseAttestationStatement;
import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;

/**
 * What a new passkey's attestation object says about itself, read before Keycloak stores anything:
 * its credential id (which must be the id the page posted), model, backup flags and format, and
 * whether its public key could ever verify a signature.
 */
public record AttestationFacts(byte[] credentialId, String aaguid, boolean backupEligible, boolean backupState,
                               boolean userVerified, String format, boolean certified) {

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
        String keyProblem = PublicKeyChecks.problem(attested.getCOSEKey());
        if (keyProblem != null) throw new BadInputException("public key refused: " + keyProblem);
        var flags = parsed.getAuthenticatorData();
        // a statement without a certificate chain is "none" or self attestation: signed by the new key
        // itself, so the model it names is only the authenticator's own claim
        boolean certified = parsed.getAttestationStatement() instanceof CertificateBaseAttestationStatement statement
                && statement.getX5c() != null && !statement.getX5c().isEmpty();
        return new AttestationFacts(attested.getCredentialId(), attested.getAaguid().toString(), flags.isFlagBE(),
                flags.isFlagBS(), flags.isFlagUV(), parsed.getFormat(), certified);
    }
}
