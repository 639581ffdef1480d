package dev.passkeyfirst.keycloak.metrics;

import io.micrometer.core.instrument.Metrics;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * "pkf-metrics": a global listener (every realm, nothing to enable per realm) that counts our events
 * in Micrometer's global registry, where Keycloak keeps its own meters; they appear on
 * {@code /metrics} once the server runs with {@code --metrics-enabled=true}.
 */
public class PkfMetricsListenerFactory implements EventListenerProviderFactory {

    public static final String ID = "pkf-metrics";

    private PkfMetricsListener listener;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return listener;
    }

    @Override
    public void init(Config.Scope config) {
        listener = new PkfMetricsListener(Metrics.globalRegistry);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
