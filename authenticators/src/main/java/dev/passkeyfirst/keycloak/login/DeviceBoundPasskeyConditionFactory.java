package dev.passkeyfirst.keycloak.login;

import java.util.List;

import dev.passkeyfirst.keycloak.util.PkfFactory;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public class DeviceBoundPasskeyConditionFactory implements ConditionalAuthenticatorFactory, PkfFactory<org.keycloak.authentication.Authenticator> {

    public static final String PROVIDER_ID = ProviderIds.DEVICE_BOUND_CONDITION;

    private static final DeviceBoundPasskeyCondition SINGLETON = new DeviceBoundPasskeyCondition();

    @Override
    public ConditionalAuthenticator getSingleton() {
        return SINGLETON;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Passkey First: condition - passkey is device-bound and user-verified";
    }

    @Override
    public String getHelpText() {
        return "Matches when this session was signed in with a passkey that cannot be synced (backup-ineligible, BE=0)"
                + " and that verified the user. Without attestation these flags are the authenticator's own claim.";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(DeviceBoundPasskeyCondition.NEGATE).type(ProviderConfigProperty.BOOLEAN_TYPE)
                .label("Negate output").helpText("Match when the passkey is synced or did not verify the user (never a sign-in without a passkey).")
                .defaultValue("false").add()
                .build();
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

}
