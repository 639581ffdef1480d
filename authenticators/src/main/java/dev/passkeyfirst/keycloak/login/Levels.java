package dev.passkeyfirst.keycloak.login;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;
import org.keycloak.common.util.Time;
import org.keycloak.models.Constants;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.util.JsonSerialization;

/** Keycloak's record of the levels a session reached and when, as its conditions keep it in the authentication session. */
final class Levels {

    private Levels() {
    }

    /** The session reached {@code level} now and nothing above it in this authentication. */
    static void keepOnlyUpTo(AuthenticationSessionModel authSession, int level) {
        Map<Integer, Integer> levels = new TreeMap<>();
        String note = authSession.getAuthNote(Constants.LOA_MAP);
        if (note != null) {
            try {
                levels.putAll(JsonSerialization.readValue(note, new TypeReference<Map<Integer, Integer>>() {
                }));
            } catch (IOException unreadable) {
                levels.clear();
            }
        }
        levels.keySet().removeIf(l -> l > level);
        levels.put(level, Time.currentTime());
        try {
            authSession.setAuthNote(Constants.LOA_MAP, JsonSerialization.writeValueAsString(levels));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
