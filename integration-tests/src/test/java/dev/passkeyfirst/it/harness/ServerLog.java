package dev.passkeyfirst.it.harness;

import java.util.ArrayList;
import java.util.List;

/** What in Keycloak's log counts against us: ERROR lines, and stack traces with the line that introduced each. */
public final class ServerLog {

    /**
     * Keycloak's own warning for a request that reaches a sign-in its browser tab is finishing in
     * another request (two submits at once): its authentication processor ({@code authenticateOnly}
     * or {@code authenticationAction}) finds the shared authentication session half-updated, logs the
     * flow exception with its trace, and answers a 4xx page. Keycloak's race, listed in the README's known limits; nothing of ours is on that path.
     */
    private static final String KEYCLOAK_TAB_RACE = "KC-SERVICES0013: Failed authentication: org.keycloak.authentication.AuthenticationFlowException";
    private static final String KEYCLOAK_TAB_RACE_FRAME = "at org.keycloak.authentication.AuthenticationProcessor.authenticat";

    private ServerLog() {
    }

    public static List<String> problems(List<String> lines) {
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < lines.size() && bad.size() < 40; i++) {
            String l = lines.get(i);
            if (l.contains(KEYCLOAK_TAB_RACE) && i + 1 < lines.size() && lines.get(i + 1).trim().startsWith(KEYCLOAK_TAB_RACE_FRAME)) {
                // skip the warning and its trace
                while (i + 1 < lines.size() && (lines.get(i + 1).startsWith("\tat ") || lines.get(i + 1).startsWith("\t..."))) i++;
                continue;
            }
            boolean trace = l.startsWith("\tat ");
            if (trace && i > 0 && !lines.get(i - 1).startsWith("\tat ")) bad.add(lines.get(i - 1));
            if (trace || l.contains(" ERROR [")) bad.add(l.replace('\t', ' '));
        }
        return bad;
    }
}
