package dev.passkeyfirst.keycloak.recovery;

import java.util.UUID;

import org.keycloak.authentication.actiontoken.DefaultActionToken;

/**
 * Made when an email sign-in link is confirmed in the browser that asked for it (never sent in the
 * email): it names that browser's authentication session, so Keycloak continues exactly that one.
 */
public class SignInLinkActionToken extends DefaultActionToken {

    public static final String TOKEN_TYPE = "pkf-sign-in-link";

    public SignInLinkActionToken(String userId, int absoluteExpirationInSecs, String compoundAuthenticationSessionId, String clientId) {
        super(userId, TOKEN_TYPE, absoluteExpirationInSecs, UUID.randomUUID(), compoundAuthenticationSessionId);
        this.issuedFor = clientId;
    }

    /** For JSON deserialization. */
    private SignInLinkActionToken() {
    }
}
