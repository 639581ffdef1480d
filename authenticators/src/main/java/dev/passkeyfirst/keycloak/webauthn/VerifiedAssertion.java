package dev.passkeyfirst.keycloak.webauthn;

/** What a verified assertion tells about the authenticator at this moment. */
public record VerifiedAssertion(boolean userVerified, boolean backupEligible, boolean backupState, long signCount) {

    public boolean deviceBound() {
        return !backupEligible;
    }
}
