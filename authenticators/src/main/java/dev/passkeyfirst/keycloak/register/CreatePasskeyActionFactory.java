package dev.passkeyfirst.keycloak.register;

import java.util.List;

import dev.passkeyfirst.keycloak.ceremony.PasskeyPolicyConfigProperties;
import dev.passkeyfirst.keycloak.ceremony.RegistrationAction;
import dev.passkeyfirst.keycloak.ceremony.RegistrationActionFactory;
import dev.passkeyfirst.keycloak.ceremony.RegistrationCeremony;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

import com.webauthn4j.verifier.attestation.trustworthiness.certpath.CertPathTrustworthinessVerifier;

/** "Passkey First: create a passkey". Its config is the realm's passkey policy for every way a passkey is added. */
public class CreatePasskeyActionFactory extends RegistrationActionFactory {

    public static final String PROVIDER_ID = ProviderIds.CREATE_PASSKEY;

    public CreatePasskeyActionFactory() {
        super(PROVIDER_ID, "Passkey First: create a passkey");
    }

    @Override
    protected RegistrationAction create(KeycloakSession session, CertPathTrustworthinessVerifier trust, RegistrationCeremony registration) {
        return new CreatePasskeyAction(session, trust, registration, false);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return PasskeyPolicyConfigProperties.ALL;
    }
}
