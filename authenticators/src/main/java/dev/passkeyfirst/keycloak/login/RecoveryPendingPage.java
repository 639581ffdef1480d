package dev.passkeyfirst.keycloak.login;

/** What {@code pkf-login-recovery-pending.ftl} reads as {@code pkfRecoveryPending}. */
record RecoveryPendingPage(long startedAt, long activeFrom, String agent, String label) {
}
