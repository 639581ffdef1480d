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

    /** Bounds of the server options: a day at least (notices compare with the history), ten lines a user at least, ten years at most. */
    static final int MIN_DAYS = 1;
    static final int MAX_DAYS = 3650;
    static final int MIN_PER_USER = 10;

    private final long retentionMillis;
    private final int maxPerUser;

    /** The options as the admin gave them; values outside the bounds are brought within. */
    public ActivityRetention(int retentionDays, int maxPerUser) {
        this.retentionMillis = Math.min(MAX_DAYS, Math.max(MIN_DAYS, retentionDays)) * 86_400_000L;
        this.maxPerUser = Math.max(MIN_PER_USER, maxPerUser);
    }

    /** Lines older than this (millis) are past their retention at {@code now}. */
    long cutoff(long now) {
        return now - retentionMillis;
    }

    int maxPerUser() {
        return maxPerUser;
    }

    @Override
    public void run(KeycloakSession session) {
        int removed = session.getProvider(PasskeyRecordStore.class).purgeActivity(cutoff(Time.currentTimeMillis()), maxPerUser);
        if (removed > 0) LOG.infof("account history: %d lines past their retention removed", removed);
    }

    @Override
    public String getTaskName() {
        return TASK;
    }
}
