package dev.passkeyfirst.keycloak.model;

import java.util.List;

/**
 * How far a realm has come to passkeys, as counted by the scheduled adoption task: numbers only,
 * never a user. Stored once per realm, so every node (and every scrape) reads the same snapshot
 * instead of counting again.
 *
 * @param computedAt    when the task counted (millis)
 * @param users         accounts of the realm, service accounts left out
 * @param withPasskey   accounts holding at least one passkey
 * @param byProvider    accounts holding a passkey of a provider in a sync state; an account with two
 *                      kinds of passkey counts once in each
 * @param waitingRecoveries recoveries whose new passkey waits for its activation
 * @param countMillis   what the counting cost, for the operator who wonders
 */
public record Adoption(String realmId, long computedAt, long users, long withPasskey, List<ByProvider> byProvider,
                       long waitingRecoveries, long countMillis) {

    /** @param sync "synced" (backup-eligible) or "device_bound" */
    public record ByProvider(String provider, String sync, long users) {
    }

    /** Accounts holding passkeys of one AAGUID in one sync state: what the database can count. */
    public record AuthenticatorCount(String aaguid, boolean backupEligible, long users) {
    }
}
