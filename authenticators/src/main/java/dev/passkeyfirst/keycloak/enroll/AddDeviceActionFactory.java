package dev.passkeyfirst.keycloak.enroll;

import java.util.ArrayList;
import java.util.List;

import dev.passkeyfirst.keycloak.webauthn.PasskeyVerifier;
import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

import com.webauthn4j.converter.util.ObjectConverter;

public class AddDeviceActionFactory implements RequiredActionFactory {

    public static final String PROVIDER_ID = "pkf-add-device";

    private PasskeyVerifier verifier;

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new AddDeviceAction(session, verifier);
    }

    @Override
    public void init(Config.Scope config) {
        verifier = new PasskeyVerifier(new ObjectConverter());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
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
