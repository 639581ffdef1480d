package dev.passkeyfirst.keycloak.common;

import java.util.function.Function;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * The factory of an event listener of ours that hears every realm (nothing for an admin to enable)
 * and needs no configuration: its id and how to make one for a session.
 */
public abstract class GlobalListenerFactory implements EventListenerProviderFactory {

    private final String id;
    private final Function<KeycloakSession, EventListenerProvider> listener;

    protected GlobalListenerFactory(String id, Function<KeycloakSession, EventListenerProvider> listener) {
        this.id = id;
        this.listener = listener;
    }

    @Override
    public final EventListenerProvider create(KeycloakSession session) {
        return listener.apply(session);
    }

    @Override
    public final boolean isGlobal() {
        return true;
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

    @Override
    public final String getId() {
        return id;
    }
}
