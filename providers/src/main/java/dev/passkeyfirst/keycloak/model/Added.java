package dev.passkeyfirst.keycloak.model;

/**
 * How and when a passkey came to the account.
 *
 * @param from the credential id of the passkey that approved it (another device), else null
 */
public record Added(Enrollment how, String from, long at, String agent) {
}
