package dev.passkeyfirst.keycloak.recovery;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

public class RecoveryAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "pkf-recovery";

    @Override
    public Authenticator create(KeycloakSession session) {
        return new RecoveryAuthenticator(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Passkey First: recover the account";
    }

    @Override
    public String getHelpText() {
        return "For the realm's Reset Credentials flow: 'Lost your device?' asks for a username or email and sends a link,"
                + " or takes a recovery code; further proofs and a new passkey (never a password) follow. Put it in a"
                + " conditional sub-flow at level 1: a recovered session is a fallback session.";
    }

    /** A recovery is a fallback, not a passkey: its level is the sub-flow's, and no credential type's. */
    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENT_CHOICES;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return RecoveryConfigProperties.ALL;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
