package dev.passkeyfirst.keycloak.common;

import java.util.List;

import dev.passkeyfirst.keycloak.util.PkfFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * What our authenticator factories share: no user setup, configurable exactly when they have
 * config properties, Keycloak's usual requirement choices. A factory states its id, its words and
 * its properties.
 */
public abstract class PkfAuthenticatorFactory implements AuthenticatorFactory, PkfFactory<Authenticator> {

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return !getConfigProperties().isEmpty();
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
        return List.of();
    }
}
