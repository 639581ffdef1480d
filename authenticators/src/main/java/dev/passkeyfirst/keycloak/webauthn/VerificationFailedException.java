package dev.passkeyfirst.keycloak.webauthn;

/** An assertion or attestation that did not verify. The message is for one log line, never for the user. */
public class VerificationFailedException extends Exception {

    public VerificationFailedException(String message) {
        super(message, null, false, false);
    }
}
