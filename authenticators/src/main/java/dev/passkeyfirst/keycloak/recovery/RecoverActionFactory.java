package dev.passkeyfirst.keycloak.recovery;

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

/** Only ever started by a recovery (its first proof given); configured through the recovery step. */
public class RecoverActionFactory extends WebAuthnPasswordlessRegisterFactory {

    public static final String PROVIDER_ID = "pkf-recover";

    private AttestationObjectConverter converter;

    @Override
    protected WebAuthnRegister createProvider(KeycloakSession session, CertPathTrustworthinessVerifier trustVerifier) {
        return new RecoverAction(session, trustVerifier, converter);
    }

    @Override
    public void init(Config.Scope config) {
        converter = new AttestationObjectConverter(new ObjectConverter());
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
        return "Passkey First: finish a recovery";
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return List.of();
    }
}
