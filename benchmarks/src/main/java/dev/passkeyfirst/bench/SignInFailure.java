package dev.passkeyfirst.bench;

/**
 * A sign-in that did not end with an access token. The reason names the step and what the server
 * answered instead, without anything per-request (ids, challenges), so equal failures add up.
 */
final class SignInFailure extends Exception {

    SignInFailure(String reason) {
        super(reason, null, false, false);
    }
}
