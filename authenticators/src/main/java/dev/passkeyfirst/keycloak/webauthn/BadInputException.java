package dev.passkeyfirst.keycloak.webauthn;

/**
 * A posted field failed validation before anything was looked up or verified. The message is for
 * one log line; the user sees a translated, generic message.
 */
public class BadInputException extends Exception {

    public BadInputException(String message) {
        super(message, null, false, false);
    }
}
