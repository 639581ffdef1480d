package dev.passkeyfirst.keycloak.util;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;

/**
 * A factory of ours that needs nothing at start or stop: it only describes and creates. Factories
 * that hold something (webauthn4j's converters) override {@link #init}.
 */
public interface PkfFactory<T extends Provider> extends ProviderFactory<T> {

    @Override
    default void init(Config.Scope config) {
    }

    @Override
    default void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    default void close() {
    }
}
