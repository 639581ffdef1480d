package dev.passkeyfirst.keycloak.ceremony;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.requiredactions.WebAuthnPasswordlessRegisterFactory;
import org.keycloak.authentication.requiredactions.WebAuthnRegister;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.verifier.attestation.trustworthiness.certpath.CertPathTrustworthinessVerifier;

/**
 * Factory of a {@link RegistrationAction}: Keycloak's passwordless registration factory finds the
 * realm's attestation trust anchors; this builds the pipeline once. A variant states its id, its
 * name, its config and how to make its action.
 */
public abstract class RegistrationActionFactory extends WebAuthnPasswordlessRegisterFactory {

    private final String id;
    private final String displayText;
    private RegistrationCeremony registration;

    protected RegistrationActionFactory(String id, String displayText) {
        this.id = id;
        this.displayText = displayText;
    }

    protected abstract RegistrationAction create(KeycloakSession session, CertPathTrustworthinessVerifier trust,
                                                 RegistrationCeremony registration);

    @Override
    protected final WebAuthnRegister createProvider(KeycloakSession session, CertPathTrustworthinessVerifier trustVerifier) {
        return create(session, trustVerifier, registration);
    }

    @Override
    public final void init(Config.Scope config) {
        registration = new RegistrationCeremony(new ObjectConverter());
    }

    @Override
    public final void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public final String getId() {
        return id;
    }

    @Override
    public final String getDisplayText() {
        return displayText;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return List.of();
    }
}
