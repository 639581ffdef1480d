package dev.passkeyfirst.keycloak.webauthn;

import dev.passkeyfirst.keycloak.util.Secrets;
import dev.passkeyfirst.keycloak.vocabulary.SingleUseKeys;
import org.keycloak.models.KeycloakSession;

/**
 * WebAuthn challenges: 32 random bytes, kept in an authentication-session note, and claimed once
 * across the cluster by the request that completes the ceremony.
 */
public final class Challenges {

    private Challenges() {
    }

    public static String create() {
        return Secrets.random(32);
    }

    /**
     * The auth-session note alone does not stop two requests posted at the same instant (both read
     * it before either writes); {@code putIfAbsent} on the cluster-wide single-use store has one winner.
     */
    public static boolean claim(KeycloakSession session, String challenge, long lifespanSeconds) {
        return session.singleUseObjects().putIfAbsent(SingleUseKeys.CHALLENGE + challenge, Math.max(60, lifespanSeconds));
    }
}
