package dev.passkeyfirst.keycloak.migrate;

import org.keycloak.models.UserModel;

/**
 * Where a user stands with the offer: how often they skipped it, when last, and whether they asked
 * never to see it again. User attributes, so every node of a cluster reads the same.
 */
record NudgeState(int skips, long skippedAt, boolean never) {

    static final String SKIPS = "pkf.nudgeSkips";
    static final String SKIPPED_AT = "pkf.nudgeSkippedAt";
    static final String NEVER = "pkf.nudgeNever";

    static NudgeState of(UserModel user) {
        return new NudgeState((int) number(user.getFirstAttribute(SKIPS)), number(user.getFirstAttribute(SKIPPED_AT)),
                "true".equals(user.getFirstAttribute(NEVER)));
    }

    /** Whether the offer is due now (seconds since the epoch). */
    boolean due(long now, long intervalSeconds) {
        return !never && (skippedAt <= 0 || now - skippedAt >= intervalSeconds);
    }

    static NudgeState skip(UserModel user, long now) {
        NudgeState next = new NudgeState(of(user).skips + 1, now, false);
        user.setSingleAttribute(SKIPS, Integer.toString(next.skips));
        user.setSingleAttribute(SKIPPED_AT, Long.toString(now));
        return next;
    }

    static void never(UserModel user) {
        user.setSingleAttribute(NEVER, "true");
    }

    /** The account holds a passkey now: nothing left to offer or remember. */
    static void clear(UserModel user) {
        user.removeAttribute(SKIPS);
        user.removeAttribute(SKIPPED_AT);
    }

    private static long number(String value) {
        if (value == null) return 0;
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
