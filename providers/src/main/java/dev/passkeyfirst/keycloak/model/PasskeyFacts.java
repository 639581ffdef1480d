package dev.passkeyfirst.keycloak.model;

import java.util.Set;

/**
 * What an authenticator said about a passkey when it was made or last used: its model, its backup
 * flags (BE is fixed at creation, BS may change), the transports the browser reported and the
 * attestation format. Without verified attestation these are the authenticator's own claims.
 */
public record PasskeyFacts(String aaguid, boolean backupEligible, boolean backupState, Set<String> transports,
                           String attestationFormat) {

    public PasskeyFacts {
        transports = transports == null ? Set.of() : Set.copyOf(transports);
    }

    /** Device-bound means backup-ineligible (BE=0): such a key can never be synced. */
    public boolean deviceBound() {
        return !backupEligible;
    }
}
