package dev.passkeyfirst.keycloak.common;

import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

/**
 * Runs a scheduled task on one node of the cluster per interval, as Keycloak's own cluster-aware
 * runner does (the cluster provider's "execute if not executed"), but knows that a node going down
 * may tick once more after its caches stopped: that tick is skipped quietly instead of logged as an
 * error with a stack trace, and any other failure is one warning line; the next tick tries again.
 */
public final class ClusterTask implements Runnable {

    private static final Logger LOG = Logger.getLogger(ClusterTask.class);

    private final KeycloakSessionFactory factory;
    private final ScheduledTask task;
    private final int intervalSeconds;
    private volatile boolean stopped;

    public ClusterTask(KeycloakSessionFactory factory, ScheduledTask task, long intervalMillis) {
        this.factory = factory;
        this.task = task;
        this.intervalSeconds = (int) Math.max(1, intervalMillis / 1000);
    }

    /** Called when the node shuts down: no tick runs after it. */
    public void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        if (stopped) return;
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(ClusterProvider.class)
                    .executeIfNotExecuted(task.getTaskName(), intervalSeconds, () -> {
                        task.run(session);
                        return null;
                    }));
        } catch (RuntimeException e) {
            if (stopped || shuttingDown(e)) {
                LOG.debugf("%s skipped while the node stops: %s", task.getTaskName(), e.toString());
            } else {
                LOG.warnf("%s failed, the next tick tries again: %s", task.getTaskName(), e.toString());
            }
        }
    }

    private static boolean shuttingDown(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().startsWith("IllegalLifecycleState")) return true;
        }
        return false;
    }
}
