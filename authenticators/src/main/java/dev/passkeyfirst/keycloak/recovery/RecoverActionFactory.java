package dev.passkeyfirst.keycloak.recovery;

import dev.passkeyfirst.keycloak.ceremony.RegistrationAction;
import dev.passkeyfirst.keycloak.ceremony.RegistrationActionFactory;
import dev.passkeyfirst.keycloak.ceremony.RegistrationCeremony;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.models.KeycloakSession;

import com.webauthn4j.verifier.attestation.trustworthiness.certpath.CertPathTrustworthinessVerifier;

/** Only ever started by a recovery (its first proof given); configured through the recovery step. */
public class RecoverActionFactory extends RegistrationActionFactory {

    public static final String PROVIDER_ID = ProviderIds.RECOVER;

    public RecoverActionFactory() {
        super(PROVIDER_ID, "Passkey First: finish a recovery");
    }

    @Override
    protected RegistrationAction create(KeycloakSession session, CertPathTrustworthinessVerifier trust, RegistrationCeremony registration) {
        return new RecoverAction(session, trust, registration);
    }
}
