package dev.passkeyfirst.keycloak.enroll;

import java.util.ArrayList;
import java.util.List;

import dev.passkeyfirst.keycloak.ceremony.SignInCeremony;
import dev.passkeyfirst.keycloak.util.PkfFactory;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

import com.webauthn4j.converter.util.ObjectConverter;

public class AddDeviceActionFactory implements RequiredActionFactory, PkfFactory<RequiredActionProvider> {

    public static final String PROVIDER_ID = ProviderIds.ADD_DEVICE;

    private SignInCeremony signIn;

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new AddDeviceAction(session, signIn);
    }

    @Override
    public void init(Config.Scope config) {
        signIn = new SignInCeremony(new ObjectConverter());
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return "Passkey First: add another device";
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        List<ProviderConfigProperty> all = new ArrayList<>(AddDeviceConfigProperties.ALL);
        all.addAll(MAX_AUTH_AGE_CONFIG_PROPERTIES);
        return all;
    }
}
