package dev.passkeyfirst.keycloak.migrate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NudgeLogicTest {

    private static final long WEEK = 7 * 24 * 3600;

    @Test
    void theOfferIsDueFirstThenOnlyAfterTheIntervalAndNeverAfterDontAskAgain() {
        long now = 1_000_000;
        assertTrue(new NudgeState(0, 0, false).due(now, WEEK), "never skipped");
        assertFalse(new NudgeState(1, now - 60, false).due(now, WEEK), "skipped a minute ago");
        assertTrue(new NudgeState(1, now - WEEK, false).due(now, WEEK), "a week later");
        assertFalse(new NudgeState(0, 0, true).due(now, WEEK), "don't ask again");
        assertTrue(new NudgeState(3, now, false).due(now, 0), "interval 0: every password sign-in");
    }

    @Test
    void skipsAreUnlimitedAtZeroAndCountedOtherwise() {
        NudgeConfig unlimited = new NudgeConfig(true, WEEK, 0, true, true, 300);
        NudgeConfig twice = new NudgeConfig(true, WEEK, 2, true, true, 300);
        assertTrue(unlimited.skipAllowed(new NudgeState(500, 0, false)));
        assertTrue(twice.skipAllowed(new NudgeState(1, 0, false)));
        assertFalse(twice.skipAllowed(new NudgeState(2, 0, false)));
    }
}
