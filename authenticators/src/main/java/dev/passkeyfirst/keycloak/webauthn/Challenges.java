package dev.passkeyfirst.keycloak.webauthn;

import dev.passkeyfirst.keycloak.util.Secrets;
import dev.passkeyfirst.keycloak.vocabulary.SingleUseKeys;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

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
     * The challenge a ceremony page is about to carry. While the last one this authentication
     * session showed is unused and younger than the ceremony's timeout it is shown again, so a
     * reload or a second tab of the same sign-in leaves the first page usable and both pages race
     * for one claim; otherwise a fresh one replaces it.
     */
    public static String forPage(KeycloakSession session, AuthenticationSessionModel authSession, String note, long lifespanSeconds) {
        String shown = authSession.getAuthNote(note);
        String at = authSession.getAuthNote(note + ISSUED_AT);
        long now = Time.currentTime();
        if (shown != null && at != null && issuedAt(at) + lifespanSeconds > now
                && !session.singleUseObjects().contains(SingleUseKeys.CHALLENGE + shown)) {
            return shown;
        }
        String fresh = create();
        authSession.setAuthNote(note, fresh);
        authSession.setAuthNote(note + ISSUED_AT, Long.toString(now));
        return fresh;
    }

    private static final String ISSUED_AT = ".pkf.at";

    private static long issuedAt(String note) {
        try {
            return Long.parseLong(note);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * The auth-session note alone does not stop two requests posted at the same instant (both read
     * it before either writes); {@code putIfAbsent} on the cluster-wide single-use store has one winner.
     */
    public static boolean claim(KeycloakSession session, String challenge, long lifespanSeconds) {
        return session.singleUseObjects().putIfAbsent(SingleUseKeys.CHALLENGE + challenge, Math.max(60, lifespanSeconds));
    }
}
