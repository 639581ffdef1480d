package dev.passkeyfirst.keycloak.common;

import dev.passkeyfirst.keycloak.vocabulary.SingleUseKeys;
import org.keycloak.models.KeycloakSession;

/**
 * Cluster-wide rate limits from the single-use store, which has no counters: {@code max} cooldown
 * slots per key, each taken with {@code putIfAbsent} and freed when its window ends. All slots
 * taken means the limit is reached, on every node alike. Keys name the realm where the limit is a
 * realm option, so one realm's traffic never uses up another's slots.
 *
 * <p>A call's cost grows with the slots already taken. Where that could tell a stranger something
 * (known or unknown account), callers key the limit on what the stranger typed or on the address
 * the request came from, never on the account, so both answers find the same slots taken.
 */
public final class RateLimit {

    private RateLimit() {
    }

    public static boolean tryAcquire(KeycloakSession session, String key, int max, long windowSeconds) {
        for (int slot = 0; slot < max; slot++) {
            if (session.singleUseObjects().putIfAbsent(SingleUseKeys.RATE_LIMIT + key + "." + slot, windowSeconds)) return true;
        }
        return false;
    }
}
