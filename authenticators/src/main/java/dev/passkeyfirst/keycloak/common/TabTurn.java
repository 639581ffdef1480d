package dev.passkeyfirst.keycloak.common;

import java.util.concurrent.TimeUnit;

import dev.passkeyfirst.keycloak.vocabulary.SingleUseKeys;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * One request of a browser tab's sign-in inside our steps at a time. Keycloak hands every request
 * of a tab the same authentication session; two submits at once (a double post, a script) used to
 * interleave there, so a losing request's answer could overwrite the winner's finished step and
 * neither signed in. A request that finds the tab busy waits, up to a bound, until the other
 * request's transaction has ended, then goes on and finds the ceremony already done. The turn lives
 * in the cluster-wide single-use store, so it holds across nodes too.
 */
public final class TabTurn {

    private static final long WAIT_MILLIS = 3000;
    private static final long POLL_MILLIS = 20;
    /** Outlives any request; a node that dies holding the turn frees it this way. */
    private static final long LIFESPAN_SECONDS = 30;

    private TabTurn() {
    }

    public static void take(KeycloakSession session, AuthenticationSessionModel authSession) {
        String key = SingleUseKeys.TAB_TURN + authSession.getParentSession().getId() + "." + authSession.getTabId();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (!session.singleUseObjects().putIfAbsent(key, LIFESPAN_SECONDS)) {
            if (System.nanoTime() > deadline) return; // go on without it: the single-use claims still decide
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        AfterRequest.removeSingleUse(session, key);
    }
}
