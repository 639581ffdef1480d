package dev.passkeyfirst.keycloak.enroll;

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
 * Device B's step. Only ever started by a pairing link (our action token adds it to B's session);
 * it is a required action so that Keycloak's own machinery holds B until the approval and then
 * finishes B's sign-in. Extends Keycloak's registration factory for its attestation trust setup.
 */
public class PairDeviceActionFactory extends WebAuthnPasswordlessRegisterFactory {

    public static final String PROVIDER_ID = "pkf-pair-device";

    private AttestationObjectConverter attestationConverter;

    @Override
    protected WebAuthnRegister createProvider(KeycloakSession session, CertPathTrustworthinessVerifier trustVerifier) {
        return new PairDeviceAction(session, trustVerifier, attestationConverter);
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
        return "Passkey First: join from a pairing link (device B)";
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return List.of();
    }
}
