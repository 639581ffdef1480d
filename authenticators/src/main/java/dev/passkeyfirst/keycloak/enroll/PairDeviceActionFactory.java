package dev.passkeyfirst.keycloak.enroll;

import dev.passkeyfirst.keycloak.ceremony.RegistrationAction;
import dev.passkeyfirst.keycloak.ceremony.RegistrationActionFactory;
import dev.passkeyfirst.keycloak.ceremony.RegistrationCeremony;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.models.KeycloakSession;

import com.webauthn4j.verifier.attestation.trustworthiness.certpath.CertPathTrustworthinessVerifier;

/**
 * Device B's step. Only ever started by a pairing link (our action token adds it to B's session);
 * it is a required action so that Keycloak's own machinery holds B until the approval and then
 * finishes B's sign-in.
 */
public class PairDeviceActionFactory extends RegistrationActionFactory {

    public static final String PROVIDER_ID = ProviderIds.PAIR_DEVICE;

    public PairDeviceActionFactory() {
        super(PROVIDER_ID, "Passkey First: join from a pairing link (device B)");
    }

    @Override
    protected RegistrationAction create(KeycloakSession session, CertPathTrustworthinessVerifier trust, RegistrationCeremony registration) {
        return new PairDeviceAction(session, trust, registration);
    }
}
