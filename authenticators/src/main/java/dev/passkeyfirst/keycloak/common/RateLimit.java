package dev.passkeyfirst.keycloak.common;

import org.keycloak.models.KeycloakSession;

/**
 * Cluster-wide rate limits from the single-use store, which has no counters: {@code max} cooldown
 * slots per key, each taken with {@code putIfAbsent} and freed when its window ends. All slots
 * taken means the limit is reached, on every node alike. Keys name the realm where the limit is a
 * realm option, so one realm's traffic never uses up another's slots.
 */
public final class RateLimit {

    private RateLimit() {
    }

    public static boolean tryAcquire(KeycloakSession session, String key, int max, long windowSeconds) {
        for (int slot = 0; slot < max; slot++) {
            if (session.singleUseObjects().putIfAbsent("pkf.rl." + key + "." + slot, windowSeconds)) return true;
        }
        return false;
    }
}
