package dev.passkeyfirst.keycloak.model;

/**
 * A passkey whose attestation verified but which is not trusted yet: a new device waiting for the
 * old one's approval, or the passkey of a recovery in its waiting period. It holds exactly what
 * Keycloak's credential will hold ({@code credentialData}/{@code secretData} in Keycloak's own
 * format), so activation is one insert into Keycloak's credential table.
 *
 * @param ceremonyId the pairing or recovery this passkey belongs to
 * @param created    when, in which browser and from where it was made ({@code at} is never null)
 * @param activateAt for a waiting period: when it may activate (millis), else null
 */
public record PendingPasskey(String id, String realmId, String userId, Purpose purpose, String ceremonyId,
                             String credentialIdHash, KeycloakForm keycloakForm, PasskeyFacts facts, LastUse created,
                             long expiresAt, Long activateAt) {

    public enum Purpose { ADD_DEVICE, RECOVERY }

    /** What Keycloak's credential row will hold. */
    public record KeycloakForm(String credentialData, String secretData, String label) {
    }

    public String label() {
        return keycloakForm.label();
    }

    public long createdAt() {
        return created.at();
    }

    public String createdAgent() {
        return created.agent();
    }

    /** Whether it is a recovered passkey held until a time (rather than until an approval). */
    public boolean timedRecovery() {
        return purpose == Purpose.RECOVERY && activateAt != null;
    }

    /** Whether it waits out a recovery's waiting period, at {@code now}. */
    public boolean waitingAt(long now) {
        return timedRecovery() && activateAt > now;
    }

    public boolean dueAt(long now) {
        return timedRecovery() && activateAt <= now;
    }
}
