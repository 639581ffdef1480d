package dev.passkeyfirst.keycloak.recovery;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.passkeyfirst.keycloak.link.LinkToken;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;

/**
 * Made when the recovery link's page is confirmed (never sent in the email itself): lets the
 * browser that confirmed, and no other, start the recovery with the email proof given, in the
 * account's recovery epoch of that moment.
 */
public class RecoveryActionToken extends LinkToken {

    @JsonProperty("pkf.epoch")
    private String epoch;

    public RecoveryActionToken(String userId, int absoluteExpirationInSecs, String browserSecret, String epoch, String clientId) {
        super(userId, ProviderIds.RECOVERY_TOKEN, absoluteExpirationInSecs, null, browserSecret, clientId);
        this.epoch = epoch;
    }

    /** For JSON deserialization. */
    private RecoveryActionToken() {
    }

    public String getEpoch() {
        return epoch;
    }
}
