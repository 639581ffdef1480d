package dev.passkeyfirst.keycloak.session;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.passkeyfirst.keycloak.vocabulary.AuthNotes;
import org.keycloak.common.util.Time;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * A password sign-in in this authentication, and what the browser said it can do when it sent it.
 * The sign-in page records it; the page after the sign-in reads it to decide between nothing, a
 * nudge and an automatic upgrade. Keycloak's own password form counts too (it leaves its
 * {@code PASSWORD_VALIDATED} note), without a time or capabilities.
 */
public final class PasswordSignIns {

    /** Capabilities the page may report: anything else the browser sends is dropped. */
    public static final String CAN_CREATE = "create";
    public static final String CONDITIONAL_CREATE = "conditionalCreate";
    private static final Set<String> KNOWN = Set.of(CAN_CREATE, CONDITIONAL_CREATE);

    /**
     * @param at   seconds since the epoch, 0 when Keycloak's own form signed in (time not known)
     * @param caps the browser's capabilities, null when it reported none (no script, Keycloak's own form)
     */
    public record PasswordSignIn(long at, Set<String> caps) {
        public boolean reported() {
            return caps != null;
        }

        public boolean canCreate() {
            return caps != null && caps.contains(CAN_CREATE);
        }

        public boolean conditionalCreate() {
            return caps != null && caps.contains(CONDITIONAL_CREATE);
        }

        /** Whether the sign-in happened at most {@code seconds} ago (unknown times never are). */
        public boolean within(long seconds) {
            return at > 0 && Time.currentTime() - at <= seconds;
        }
    }

    private PasswordSignIns() {
    }

    public static void record(AuthenticationSessionModel authSession, String reportedCaps) {
        authSession.setAuthNote(AuthNotes.PASSWORD_AT, Long.toString(Time.currentTime()));
        if (reportedCaps != null) authSession.setAuthNote(AuthNotes.PASSWORD_CAPS, String.join(" ", parse(reportedCaps)));
    }

    public static Optional<PasswordSignIn> of(AuthenticationSessionModel authSession) {
        String at = authSession.getAuthNote(AuthNotes.PASSWORD_AT);
        if (at != null) {
            String caps = authSession.getAuthNote(AuthNotes.PASSWORD_CAPS);
            long when;
            try {
                when = Long.parseLong(at);
            } catch (NumberFormatException e) {
                when = 0;
            }
            return Optional.of(new PasswordSignIn(when, caps == null ? null : parse(caps)));
        }
        if ("true".equals(authSession.getAuthNote(AuthenticationManager.PASSWORD_VALIDATED))) {
            return Optional.of(new PasswordSignIn(0, null));
        }
        return Optional.empty();
    }

    static Set<String> parse(String reported) {
        return Arrays.stream(reported.split("[\\s,]+")).filter(KNOWN::contains).collect(Collectors.toUnmodifiableSet());
    }
}
