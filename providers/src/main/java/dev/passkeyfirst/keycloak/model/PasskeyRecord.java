package dev.passkeyfirst.keycloak.model;

import java.util.Set;

/**
 * Facts about one passkey that Keycloak's credential does not keep: the authenticator's backup
 * flags (BE fixed at creation, BS may change), transports, how it was enrolled, its last use, and
 * the highest signature counter our sign-in has seen.
 *
 * @param credentialModelId id of Keycloak's {@code CredentialModel}, the key of this record
 * @param credentialIdHash  base64url SHA-256 of the raw WebAuthn credential id, unique per realm
 * @param signCount         highest signature counter seen at sign-in, 0 for authenticators that keep none
 */
public record PasskeyRecord(
        String credentialModelId,
        String realmId,
        String userId,
        String credentialIdHash,
        String aaguid,
        boolean backupEligible,
        boolean backupState,
        Set<String> transports,
        String attestationFormat,
        Enrollment enrollment,
        String enrolledFrom,
        long createdAt,
        String createdAgent,
        Long lastUsedAt,
        String lastUsedAgent,
        String lastUsedIp,
        String lastUsedPlace,
        long signCount) {

    /** Device-bound means backup-ineligible (BE=0): such a key can never be synced. */
    public boolean deviceBound() {
        return !backupEligible;
    }
}
