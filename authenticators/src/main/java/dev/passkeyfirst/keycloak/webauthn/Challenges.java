package dev.passkeyfirst.keycloak.webauthn;

import java.security.SecureRandom;
import java.util.Base64;

import org.keycloak.models.KeycloakSession;

/**
 * WebAuthn challenges: 32 random bytes, kept in an authentication-session note, and claimed once
 * across the cluster by the request that completes the ceremony.
 */
public final class Challenges {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Challenges() {
    }

    public static String create() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * The auth-session note alone does not stop two requests posted at the same instant (both read
     * it before either writes); {@code putIfAbsent} on the cluster-wide single-use store has one winner.
     */
    public static boolean claim(KeycloakSession session, String challenge, long lifespanSeconds) {
        return session.singleUseObjects().putIfAbsent("pkf.challenge." + challenge, Math.max(60, lifespanSeconds));
    }
}
