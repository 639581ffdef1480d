package dev.passkeyfirst.keycloak.register;

import java.util.List;

import dev.passkeyfirst.keycloak.util.PkfFactory;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.authentication.FormAction;
import org.keycloak.authentication.FormActionFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

public class PasskeySignUpFormActionFactory implements FormActionFactory, PkfFactory<FormAction> {

    public static final String PROVIDER_ID = ProviderIds.SIGN_UP;

    private static final PasskeySignUpFormAction SINGLETON = new PasskeySignUpFormAction();

    @Override
    public FormAction create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Passkey First: sign up with a passkey";
    }

    @Override
    public String getHelpText() {
        return "Makes the new account's first credential a passkey, created right after registration (and email"
                + " verification, if the realm requires it). Use it in a registration form without 'Password Validation'.";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[]{
                AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED};
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
