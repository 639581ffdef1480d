package dev.passkeyfirst.keycloak.enroll;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.passkeyfirst.keycloak.link.LinkToken;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;

/**
 * Lets the browser that took a pairing link continue as device B. Made only when B confirms on the
 * link's page, bound to that browser, no longer-lived than the pairing, and naming it.
 */
public class PairDeviceActionToken extends LinkToken {

    @JsonProperty("pkf.pairing")
    private String pairingId;

    public PairDeviceActionToken(String userId, int absoluteExpirationInSecs, String pairingId, String browserSecret, String clientId) {
        super(userId, ProviderIds.PAIR_DEVICE_TOKEN, absoluteExpirationInSecs, null, browserSecret, clientId);
        this.pairingId = pairingId;
    }

    /** For JSON deserialization. */
    private PairDeviceActionToken() {
    }

    public String getPairingId() {
        return pairingId;
    }
}
