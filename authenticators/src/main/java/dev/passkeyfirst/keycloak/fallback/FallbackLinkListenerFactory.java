package dev.passkeyfirst.keycloak.fallback;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Event listener "pkf-fallback-limits": add it to the realm's event listeners (Realm settings, Events). */
public class FallbackLinkListenerFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "pkf-fallback-limits";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new FallbackLinkListener(session);
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
