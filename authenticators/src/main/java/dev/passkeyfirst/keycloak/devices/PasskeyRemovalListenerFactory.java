package dev.passkeyfirst.keycloak.devices;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Event listener "pkf-passkey-notices": add it to the realm's event listeners (Realm settings, Events). */
public class PasskeyRemovalListenerFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "pkf-passkey-notices";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new PasskeyRemovalListener(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
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
