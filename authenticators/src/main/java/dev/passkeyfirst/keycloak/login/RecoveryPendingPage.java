package dev.passkeyfirst.keycloak.login;

/** What {@code pkf-login-recovery-pending.ftl} reads as {@code pkfRecoveryPending}. */
public class RecoveryPendingPage {

    private final long startedAt;
    private final long activeFrom;
    private final String agent;
    private final String label;

    RecoveryPendingPage(long startedAt, Long activeFrom, String agent, String label) {
        this.startedAt = startedAt;
        this.activeFrom = activeFrom == null ? 0 : activeFrom;
        this.agent = agent;
        this.label = label;
    }

    public long getStartedAt() { return startedAt; }
    public long getActiveFrom() { return activeFrom; }
    public String getAgent() { return agent; }
    public String getLabel() { return label; }
}
