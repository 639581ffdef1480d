package dev.passkeyfirst.keycloak.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The history's retention bounds: what the purge removes, whatever the admin typed. */
class ActivityRetentionTest {

    private static final long DAY = 86_400_000L;
    private static final long NOW = 1_800_000_000_000L;

    @Test
    void linesOlderThanTheRetentionGo() {
        ActivityRetention r = new ActivityRetention(90, 500);
        assertEquals(NOW - 90 * DAY, r.cutoff(NOW));
        assertEquals(500, r.maxPerUser());
    }

    @Test
    void optionsOutsideTheBoundsAreBroughtWithin() {
        assertEquals(NOW - DAY, new ActivityRetention(0, 500).cutoff(NOW), "at least a day: notices compare with it");
        assertEquals(NOW - DAY, new ActivityRetention(-5, 500).cutoff(NOW));
        assertEquals(NOW - 3650 * DAY, new ActivityRetention(Integer.MAX_VALUE, 500).cutoff(NOW), "no overflow into the future");
        assertEquals(10, new ActivityRetention(90, 0).maxPerUser());
        assertEquals(10, new ActivityRetention(90, -1).maxPerUser());
    }
}
