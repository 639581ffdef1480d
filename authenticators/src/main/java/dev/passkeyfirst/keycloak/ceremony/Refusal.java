package dev.passkeyfirst.keycloak.ceremony;

/**
 * Why a ceremony did not complete: the message key the user sees (translated, the same for every
 * cause a stranger could learn from) and one line for the log, never shown.
 */
public record Refusal(String messageKey, String reason) {
}
