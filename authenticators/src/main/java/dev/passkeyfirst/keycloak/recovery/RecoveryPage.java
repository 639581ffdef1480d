package dev.passkeyfirst.keycloak.recovery;

/**
 * What {@code pkf-recovery.ftl} reads as {@code pkfRecovery}.
 *
 * @param signInLink true when this flow serves "Email me a sign-in link" rather than a recovery
 */
record RecoveryPage(String view, String identifier, boolean codeOffered, int linkMinutes, boolean signInLink) {
}
