package dev.passkeyfirst.keycloak.register;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.requiredactions.WebAuthnPasswordlessRegisterFactory;
import org.keycloak.authentication.requiredactions.WebAuthnRegister;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.verifier.attestation.trustworthiness.certpath.CertPathTrustworthinessVerifier;

/**
 * "Passkey First: create a passkey". Extends Keycloak's passwordless registration factory so the
 * realm truststore for attestation is found the way Keycloak finds it.
 */
public class CreatePasskeyActionFactory extends WebAuthnPasswordlessRegisterFactory {

    public static final String PROVIDER_ID = "pkf-create-passkey";

    private AttestationObjectConverter attestationConverter;

    @Override
    protected WebAuthnRegister createProvider(KeycloakSession session, CertPathTrustworthinessVerifier trustVerifier) {
        return new CreatePasskeyAction(session, trustVerifier, attestationConverter);
    }

    @Override
    public void init(Config.Scope config) {
        attestationConverter = new AttestationObjectConverter(new ObjectConverter());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return "Passkey First: create a passkey";
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return CreatePasskeyConfigProperties.ALL;
    }
}
