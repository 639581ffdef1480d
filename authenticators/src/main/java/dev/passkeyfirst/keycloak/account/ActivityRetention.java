package dev.passkeyfirst.keycloak.account;

import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.timer.ScheduledTask;

/**
 * Keeps the account history within its bounds: lines older than the retention period go, and so do
 * a user's oldest lines beyond the number kept per user. Run by one node of the cluster per interval.
 */
public final class ActivityRetention implements ScheduledTask {

    public static final String TASK = "pkf-activity-retention";
    private static final Logger LOG = Logger.getLogger(ActivityRetention.class);

    private final long retentionMillis;
    private final int maxPerUser;

    public ActivityRetention(int retentionDays, int maxPerUser) {
        this.retentionMillis = retentionDays * 86_400_000L;
        this.maxPerUser = maxPerUser;
    }

    @Override
    public void run(KeycloakSession session) {
        int removed = session.getProvider(PasskeyRecordStore.class).purgeActivity(Time.currentTimeMillis() - retentionMillis, maxPerUser);
        if (removed > 0) LOG.infof("account history: %d lines past their retention removed", removed);
    }

    @Override
    public String getTaskName() {
        return TASK;
    }
}
