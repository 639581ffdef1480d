package dev.passkeyfirst.keycloak.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class UserAgentsTest {

    @Test
    void recognisesCommonBrowsers() {
        assertEquals("Safari on macOS", UserAgents.summarize(
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15").text());
        assertEquals("Chrome on Android", UserAgents.summarize(
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36").text());
        assertEquals("Safari on iOS", UserAgents.summarize(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1").text());
        assertEquals("Edge on Windows", UserAgents.summarize(
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0").text());
        assertEquals("Firefox on Linux", UserAgents.summarize(
                "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0").text());
        assertEquals("Chrome on Linux", UserAgents.summarize(
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36").text());
        assertEquals("Chrome on iOS", UserAgents.summarize(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1").text());
    }

    @Test
    void unknownOrMissingHeaders() {
        assertNull(UserAgents.summarize(null).text());
        assertNull(UserAgents.summarize("curl/8.5.0").text());
        assertEquals("Linux", UserAgents.summarize("something (X11; Linux)").text());
    }

    @Test
    void cleanDropsControlAndMarkupBytesStayPrintable() {
        assertEquals("ab<c>", UserAgents.clean("a\u0000b\n<c>\u00e9", 100));
        assertEquals("abc", UserAgents.clean("abcdef", 3));
        assertNull(UserAgents.clean(null, 3));
    }
}
