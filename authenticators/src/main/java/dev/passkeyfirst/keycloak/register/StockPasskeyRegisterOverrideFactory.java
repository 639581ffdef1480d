package dev.passkeyfirst.keycloak.register;

import java.util.List;

import dev.passkeyfirst.keycloak.ceremony.RegistrationAction;
import dev.passkeyfirst.keycloak.ceremony.RegistrationActionFactory;
import dev.passkeyfirst.keycloak.ceremony.RegistrationCeremony;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

import com.webauthn4j.verifier.attestation.trustworthiness.certpath.CertPathTrustworthinessVerifier;

/**
 * Takes over Keycloak's own {@code webauthn-register-passwordless} (same id, higher {@link #order()}),
 * the action behind the account console's passkey "Set up" and {@code kc_action}, so the rules of
 * our create step hold there too, in realms that chose the pack. Other realms on the same server
 * keep Keycloak's own page and rules: installing the jars changes nothing where our flows are not used.
 * The passkey policy is the one set on "Passkey First: create a passkey".
 */
public class StockPasskeyRegisterOverrideFactory extends RegistrationActionFactory {

    public StockPasskeyRegisterOverrideFactory() {
        super(ProviderIds.STOCK_PASSKEY_REGISTER, "Webauthn Register Passwordless (Passkey First)");
    }

    @Override
    protected RegistrationAction create(KeycloakSession session, CertPathTrustworthinessVerifier trust, RegistrationCeremony registration) {
        return new CreatePasskeyAction(session, trust, registration, true);
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return MAX_AUTH_AGE_CONFIG_PROPERTIES;
    }
}
