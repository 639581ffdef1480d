package dev.passkeyfirst.keycloak.link;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.passkeyfirst.keycloak.util.Secrets;
import org.keycloak.authentication.actiontoken.DefaultActionToken;

/**
 * The action token a taken link hands over to Keycloak's login machinery. It is made by the POST
 * that took the link (never put in an email or QR code) and bound to the browser that posted: it
 * carries a hash of that browser's link secret, and {@link LinkTokenHandler} accepts it only from a
 * browser holding the secret, once.
 */
public abstract class LinkToken extends DefaultActionToken {

    @JsonProperty("pkf.binding")
    private String bindingHash;

    protected LinkToken(String userId, String type, int absoluteExpirationInSecs, String compoundAuthenticationSessionId,
                        String browserSecret, String clientId) {
        super(userId, type, absoluteExpirationInSecs, UUID.randomUUID(), compoundAuthenticationSessionId);
        this.bindingHash = Secrets.sha256(browserSecret);
        this.issuedFor = clientId;
    }

    /** For JSON deserialization. */
    protected LinkToken() {
    }

    public boolean boundTo(String browserSecret) {
        return browserSecret != null && bindingHash != null && Secrets.equal(Secrets.sha256(browserSecret), bindingHash);
    }
}
