package dev.passkeyfirst.keycloak.recovery;

import java.util.UUID;

import org.keycloak.authentication.actiontoken.DefaultActionToken;

/**
 * Made when the recovery link's page is confirmed (never sent in the email itself): lets the
 * browser that confirmed continue the recovery with the email proof given.
 */
public class RecoveryActionToken extends DefaultActionToken {

    public static final String TOKEN_TYPE = "pkf-recovery";

    public RecoveryActionToken(String userId, int absoluteExpirationInSecs, String clientId) {
        super(userId, TOKEN_TYPE, absoluteExpirationInSecs, UUID.randomUUID());
        this.issuedFor = clientId;
    }

    /** For JSON deserialization. */
    private RecoveryActionToken() {
    }
}
