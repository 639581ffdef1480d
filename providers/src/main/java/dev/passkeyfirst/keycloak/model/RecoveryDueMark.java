package dev.passkeyfirst.keycloak.model;

import java.util.Collection;
import java.util.Objects;

import org.keycloak.models.UserModel;

/**
 * A user attribute saying from when a recovered passkey of the account may come due: none of its
 * recovered passkeys ends its waiting period earlier. The username step reads the pending passkeys
 * only once the mark is reached, so the accounts without a waiting recovery (nearly all) cost no
 * query there. Kept with the user, so every node reads the same mark through Keycloak's user cache.
 *
 * <p>A mark earlier than need be costs one read, which then moves it. A missing mark only keeps the
 * username step from activating a due passkey: the passkey button's sign-in still reads the pending
 * passkeys whenever the account does not hold the passkey offered.
 */
public final class RecoveryDueMark {

    public static final String ATTRIBUTE = "pkf.recoveryDueFrom";

    private RecoveryDueMark() {
    }

    /** A recovered passkey of the account waits until {@code at}: the mark moves back to it if it said later, or nothing. */
    public static void waitsUntil(UserModel user, long at) {
        Long mark = parse(user.getFirstAttribute(ATTRIBUTE));
        if (mark == null || mark > at) user.setSingleAttribute(ATTRIBUTE, Long.toString(at));
    }

    /** Whether a recovered passkey of the account may be due at {@code now}. */
    public static boolean reached(UserModel user, long now) {
        String v = user.getFirstAttribute(ATTRIBUTE);
        if (v == null || v.isBlank()) return false;
        Long mark = parse(v);
        return mark == null || mark <= now; // a mark nobody can read is taken as reached
    }

    /**
     * After the account's pending passkeys were read and the due ones activated: the mark becomes the
     * earliest activation time of the recovered passkeys still there, or goes when none is left.
     */
    public static void settle(UserModel user, Collection<PendingPasskey> left) {
        Long earliest = left.stream().filter(PendingPasskey::timedRecovery)
                .map(PendingPasskey::activateAt).min(Long::compare).orElse(null);
        String now = user.getFirstAttribute(ATTRIBUTE);
        if (earliest == null) {
            if (now != null) user.removeAttribute(ATTRIBUTE);
        } else if (!Objects.equals(now, Long.toString(earliest))) {
            user.setSingleAttribute(ATTRIBUTE, Long.toString(earliest));
        }
    }

    private static Long parse(String v) {
        if (v == null) return null;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
