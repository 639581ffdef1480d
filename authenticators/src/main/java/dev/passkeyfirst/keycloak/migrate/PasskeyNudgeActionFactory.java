package dev.passkeyfirst.keycloak.migrate;

import java.util.List;

import dev.passkeyfirst.keycloak.ceremony.RegistrationAction;
import dev.passkeyfirst.keycloak.ceremony.RegistrationActionFactory;
import dev.passkeyfirst.keycloak.ceremony.RegistrationCeremony;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

import com.webauthn4j.verifier.attestation.trustworthiness.certpath.CertPathTrustworthinessVerifier;

/** "Passkey First: move password users to passkeys": enable it, and password sign-ins lead to a passkey. */
public class PasskeyNudgeActionFactory extends RegistrationActionFactory {

    public static final String PROVIDER_ID = ProviderIds.PASSKEY_NUDGE;

    public PasskeyNudgeActionFactory() {
        super(PROVIDER_ID, "Passkey First: move password users to passkeys");
    }

    @Override
    protected RegistrationAction create(KeycloakSession session, CertPathTrustworthinessVerifier trust, RegistrationCeremony registration) {
        return new PasskeyNudgeAction(session, trust, registration);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return NudgeConfigProperties.ALL;
    }
}
