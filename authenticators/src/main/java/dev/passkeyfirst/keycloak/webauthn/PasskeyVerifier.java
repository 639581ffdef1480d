package dev.passkeyfirst.keycloak.webauthn;

import java.util.List;

import org.keycloak.credential.CredentialPublicKeyConverter;
import org.keycloak.models.credential.dto.WebAuthnCredentialData;

import com.webauthn4j.WebAuthnAuthenticationManager;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticationRequest;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.COSEKey;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;

/**
 * Verifies an assertion against a stored Keycloak passkey with webauthn4j, the library Keycloak
 * itself uses: challenge, origin, rpIdHash, UP, UV, BE consistency, signature and counter.
 * Unlike Keycloak's credential provider it looks at the one credential the assertion names (not
 * every credential of the user) and turns every failure into a checked exception without a stack trace.
 * Instances are thread-safe and held by a factory.
 */
public final class PasskeyVerifier {

    private final WebAuthnAuthenticationManager manager;
    private final CredentialPublicKeyConverter keyConverter;

    public PasskeyVerifier(ObjectConverter objectConverter) {
        this.manager = new WebAuthnAuthenticationManager(List.of(), objectConverter);
        this.keyConverter = new CredentialPublicKeyConverter(objectConverter);
    }

    /**
     * @param knownBackupEligible the BE flag recorded at creation, or null if we never saw this passkey
     * @param knownSignCount      the highest signature counter known for this passkey; an assertion must exceed it unless both are 0
     * @param allowCredentials    the ids offered in {@code allowCredentials}, or null for a discoverable request
     */
    public VerifiedAssertion verify(AssertionResponse response, StoredPasskey stored, Boolean knownBackupEligible,
                                    long knownSignCount, RelyingParty rp, String challenge, boolean userVerificationRequired,
                                    List<byte[]> allowCredentials) throws VerificationFailedException {
        try {
            WebAuthnCredentialData data = stored.data();
            COSEKey key = keyConverter.convertToEntityAttribute(data.getCredentialPublicKey());
            AttestedCredentialData attested = new AttestedCredentialData(new AAGUID(data.getAaguid()), stored.rawId(), key);
            CredentialRecordImpl record = new CredentialRecordImpl(null, null, knownBackupEligible, null,
                    knownSignCount, attested, null, null, null, null);
            AuthenticationRequest request = new AuthenticationRequest(response.credentialId(), response.userHandle(),
                    response.authenticatorData(), response.clientDataJSON(), response.signature());
            ServerProperty server = new ServerProperty(rp.origins(), rp.id(), new DefaultChallenge(challenge));
            AuthenticationData parsed = manager.parse(request);
            manager.verify(parsed, new AuthenticationParameters(server, record, allowCredentials, userVerificationRequired, true));
            var flags = parsed.getAuthenticatorData();
            return new VerifiedAssertion(flags.isFlagUV(), flags.isFlagBE(), flags.isFlagBS(), flags.getSignCount());
        } catch (RuntimeException e) {
            // webauthn4j signals every failed check (and every unparsable byte) with a runtime exception
            // named after the check; its message quotes what the attacker sent (origins), so it stays out
            throw new VerificationFailedException(e.getClass().getSimpleName());
        }
    }
}
