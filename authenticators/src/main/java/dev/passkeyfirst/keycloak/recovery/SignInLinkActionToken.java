package dev.passkeyfirst.keycloak.recovery;

import dev.passkeyfirst.keycloak.link.LinkToken;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;

/**
 * Made when an email sign-in link is confirmed in the browser that asked for it (never sent in the
 * email): it names that browser's authentication session, so Keycloak continues exactly that one.
 */
public class SignInLinkActionToken extends LinkToken {

    public SignInLinkActionToken(String userId, int absoluteExpirationInSecs, String compoundAuthenticationSessionId,
                                 String browserSecret, String clientId) {
        super(userId, ProviderIds.SIGN_IN_LINK_TOKEN, absoluteExpirationInSecs, compoundAuthenticationSessionId, browserSecret, clientId);
    }

    /** For JSON deserialization. */
    private SignInLinkActionToken() {
    }
}
