package dev.passkeyfirst.keycloak.enroll;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.keycloak.authentication.actiontoken.DefaultActionToken;

/**
 * Signed proof that the browser which took a pairing link may continue as device B. It is made
 * only when B confirms on the link's page (never put in the link, the QR code or an email), lives
 * no longer than the pairing, and names the pairing it belongs to.
 */
public class PairDeviceActionToken extends DefaultActionToken {

    public static final String TOKEN_TYPE = "pkf-pair-device";

    @JsonProperty("pkf.pairing")
    private String pairingId;

    public PairDeviceActionToken(String userId, int absoluteExpirationInSecs, String pairingId, String clientId) {
        super(userId, TOKEN_TYPE, absoluteExpirationInSecs, UUID.randomUUID());
        this.pairingId = pairingId;
        this.issuedFor = clientId;
    }

    /** For JSON deserialization. */
    private PairDeviceActionToken() {
    }

    public String getPairingId() {
        return pairingId;
    }
}
