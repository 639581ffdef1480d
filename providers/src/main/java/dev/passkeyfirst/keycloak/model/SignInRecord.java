package dev.passkeyfirst.keycloak.model;

/**
 * What a passkey sign-in reads of ours about the passkey that signed, in one query.
 *
 * @param record             the passkey's record
 * @param accountHasPending  whether the account holds an unexpired pending passkey (a new device awaiting
 *                           approval, a recovered one waiting): only then are they worth reading
 * @param signalled          digest of what the Signal API last told this passkey's provider, or null
 */
public record SignInRecord(PasskeyRecord record, boolean accountHasPending, String signalled) {
}
