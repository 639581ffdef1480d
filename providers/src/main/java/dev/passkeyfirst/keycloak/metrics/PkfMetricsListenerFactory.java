package dev.passkeyfirst.keycloak.metrics;

import io.micrometer.core.instrument.Metrics;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.timer.TimerProvider;

/**
 * "pkf-metrics": a global listener (every realm, nothing to enable per realm) that counts our events
 * in Micrometer's global registry, where Keycloak keeps its own meters; they appear on
 * {@code /metrics} once the server runs with {@code --metrics-enabled=true}. It also keeps this
 * node's adoption gauges in step with the stored counts.
 */
public class PkfMetricsListenerFactory implements EventListenerProviderFactory {

    public static final String ID = "pkf-metrics";

    private static final Logger LOG = Logger.getLogger(PkfMetricsListenerFactory.class);
    /** Every node refreshes its own gauges: a short, node-local timer reading one small table. */
    private static final long GAUGE_REFRESH_MILLIS = 60_000;

    private AdoptionGauges gauges;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new PkfMetricsListener(Metrics.globalRegistry, session);
    }

    @Override
    public void init(Config.Scope config) {
        gauges = new AdoptionGauges(Metrics.globalRegistry);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // our table exists only once Keycloak has run the migrations
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class)
                        .schedule(() -> refresh(factory), GAUGE_REFRESH_MILLIS, "pkf-adoption-gauges"));
                refresh(factory);
            }
        });
    }

    /** Shows the stored adoption counts on this node now (also after an admin's recount). */
    public void refresh(KeycloakSessionFactory factory) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, gauges::refresh);
        } catch (RuntimeException e) {
            // a metrics refresh must never take anything else down; the next tick tries again
            LOG.warnf("could not refresh the adoption gauges: %s", e.toString());
        }
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
