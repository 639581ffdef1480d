package dev.passkeyfirst.keycloak.fallback;

import java.util.List;

import dev.passkeyfirst.keycloak.common.PkfAuthenticatorFactory;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

public class FallbackGuardAuthenticatorFactory extends PkfAuthenticatorFactory {

    public static final String PROVIDER_ID = ProviderIds.FALLBACK_GUARD;
    private static final FallbackGuardAuthenticator SINGLETON = new FallbackGuardAuthenticator();

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Passkey First: fallback session guard";
    }

    @Override
    public String getHelpText() {
        return "Put first in the browser flow, as an Alternative before Cookie: sessions signed in by a recovery proof"
                + " or an email sign-in link get no offline token, and an application-initiated action (kc_action) in such"
                + " a session asks for a passkey sign-in first. It never signs anyone in.";
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[]{
                AuthenticationExecutionModel.Requirement.ALTERNATIVE, AuthenticationExecutionModel.Requirement.DISABLED};
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return FallbackGuardConfig.PROPERTIES;
    }
}
