package dev.passkeyfirst.keycloak.util;

/**
 * Text an attacker chose (origins in clientDataJSON, labels, user agents, webauthn4j's messages
 * quoting them) on its way into a log line: control characters, line breaks and anything outside
 * printable ASCII are escaped, and it is clipped, so it can neither forge a line nor flood the log.
 */
public final class LogSafe {

    private static final int MAX = 200;

    private LogSafe() {
    }

    public static String text(Object value) {
        if (value == null) return "null";
        String s = value.toString();
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX) + 8);
        for (int i = 0; i < s.length(); i++) {
            if (b.length() >= MAX) {
                b.append("...");
                break;
            }
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                b.append(c);
            } else if (c == '\\') {
                b.append("\\\\");
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.toString();
    }
}
