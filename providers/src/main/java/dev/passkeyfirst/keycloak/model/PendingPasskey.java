package dev.passkeyfirst.keycloak.model;

import java.util.Set;

/**
 * A passkey whose attestation verified but which is not trusted yet: a new device waiting for the
 * old one's approval, or the passkey of a recovery in its waiting period. It holds exactly what
 * Keycloak's credential will hold ({@code credentialData}/{@code secretData} in Keycloak's own
 * format), so activation is one insert into Keycloak's credential table.
 *
 * @param ceremonyId the pairing or recovery this passkey belongs to
 * @param activateAt for a waiting period: when it may activate (millis), else null
 */
public record PendingPasskey(
        String id,
        String realmId,
        String userId,
        Purpose purpose,
        String ceremonyId,
        String credentialIdHash,
        String credentialData,
        String secretData,
        String label,
        String aaguid,
        boolean backupEligible,
        boolean backupState,
        Set<String> transports,
        String attestationFormat,
        String createdAgent,
        String createdIp,
        long createdAt,
        long expiresAt,
        Long activateAt) {

    public enum Purpose { ADD_DEVICE, RECOVERY }
}
