package dev.passkeyfirst.keycloak.util;

import java.util.regex.Pattern;

/**
 * Turns a User-Agent header into the words a person recognises ("Safari on macOS"). Only the
 * browser family and the operating system: enough to tell one's own devices apart, no fingerprint.
 */
public final class UserAgents {

    private static final Pattern EDGE = Pattern.compile("Edg(?:e|A|iOS)?/");
    private static final Pattern OPERA = Pattern.compile("OPR/|Opera");
    private static final Pattern SAMSUNG = Pattern.compile("SamsungBrowser/");
    private static final Pattern FIREFOX = Pattern.compile("Firefox/|FxiOS/");
    private static final Pattern CHROME = Pattern.compile("Chrome/|CriOS/|Chromium/");
    private static final Pattern SAFARI = Pattern.compile("Safari/");
    private static final Pattern ANDROID = Pattern.compile("Android");
    private static final Pattern IOS = Pattern.compile("iPhone|iPod");
    private static final Pattern IPAD = Pattern.compile("iPad");
    private static final Pattern MAC = Pattern.compile("Mac OS X|Macintosh");
    private static final Pattern WINDOWS = Pattern.compile("Windows");
    private static final Pattern CROS = Pattern.compile("CrOS");
    private static final Pattern LINUX = Pattern.compile("Linux|X11");
    private static final Pattern HEADLESS = Pattern.compile("HeadlessChrome/");

    private UserAgents() {
    }

    public record Summary(String browser, String os) {
        /** "Safari on macOS", or whichever half is known, or null. */
        public String text() {
            if (browser != null && os != null) return browser + " on " + os;
            return browser != null ? browser : os;
        }
    }

    public static Summary summarize(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) return new Summary(null, null);
        return new Summary(browser(userAgent), os(userAgent));
    }

    private static String browser(String ua) {
        if (EDGE.matcher(ua).find()) return "Edge";
        if (OPERA.matcher(ua).find()) return "Opera";
        if (SAMSUNG.matcher(ua).find()) return "Samsung Internet";
        if (FIREFOX.matcher(ua).find()) return "Firefox";
        if (HEADLESS.matcher(ua).find()) return "Chrome";
        if (CHROME.matcher(ua).find()) return "Chrome";
        if (SAFARI.matcher(ua).find()) return "Safari";
        return null;
    }

    private static String os(String ua) {
        if (ANDROID.matcher(ua).find()) return "Android";
        if (IPAD.matcher(ua).find()) return "iPadOS";
        if (IOS.matcher(ua).find()) return "iOS";
        if (CROS.matcher(ua).find()) return "ChromeOS";
        if (MAC.matcher(ua).find()) return "macOS";
        if (WINDOWS.matcher(ua).find()) return "Windows";
        if (LINUX.matcher(ua).find()) return "Linux";
        return null;
    }

    /** For storage and display: printable ASCII only, so a forged header cannot smuggle markup or control bytes. */
    public static String clean(String value, int max) {
        if (value == null) return null;
        StringBuilder b = new StringBuilder(Math.min(value.length(), max));
        for (int i = 0; i < value.length() && b.length() < max; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7f) b.append(c);
        }
        return b.toString();
    }

}
