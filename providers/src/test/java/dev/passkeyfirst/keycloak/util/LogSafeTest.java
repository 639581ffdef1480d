package dev.passkeyfirst.keycloak.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Finding 10 of issue 16: attacker text never forges a log line. */
class LogSafeTest {

    @Test
    void controlCharactersAndLineBreaksAreEscaped() {
        String forged = "https://evil.example\n2026-01-01 ERROR [x] forged\r\u001b[31mred";
        String safe = LogSafe.text(forged);
        assertFalse(safe.contains("\n") || safe.contains("\r") || safe.contains("\u001b"), safe);
        assertTrue(safe.startsWith("https://evil.example\\u000a2026"), safe);
        assertEquals("a\\\\u000a", LogSafe.text("a\\u000a"), "a backslash is escaped, so an escape cannot be faked");
    }

    @Test
    void longTextIsClipped() {
        assertTrue(LogSafe.text("x".repeat(10_000)).length() < 210);
        assertEquals("null", LogSafe.text(null));
    }
}
