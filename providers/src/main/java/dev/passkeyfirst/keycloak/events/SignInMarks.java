package dev.passkeyfirst.keycloak.events;

import java.util.HashMap;
import java.util.Map;

import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What our sign-in step marked on its LOGIN event, kept for the case Keycloak sends that event from
 * another request: when required actions follow the sign-in (an application's {@code kc_action}, a
 * nudge), Keycloak's LOGIN is sent after the last of them by a fresh event builder that knows nothing
 * of our marks. The marks wait in the authentication session, which that last request still has.
 */
public final class SignInMarks {

    private static final String NOTE = "pkf.signIn.marks";

    private SignInMarks() {
    }

    /** Keeps the sign-in's marks ({@code pkf_action} and the details our listeners read). */
    public static void remember(AuthenticationSessionModel authSession, Map<String, String> marks) {
        StringBuilder b = new StringBuilder();
        marks.forEach((k, v) -> {
            if (k != null && v != null) b.append(k.replace("|", "").replace("=", "")).append('=').append(v.replace("|", "")).append('|');
        });
        authSession.setAuthNote(NOTE, b.toString());
    }

    /** The event's details, with the sign-in's remembered marks where Keycloak's LOGIN came without them. */
    public static Map<String, String> details(KeycloakSession session, Event event) {
        Map<String, String> details = event.getDetails() == null ? new HashMap<>() : new HashMap<>(event.getDetails());
        if (event.getType() != EventType.LOGIN || details.containsKey(PkfEvents.ACTION)) return details;
        AuthenticationSessionModel authSession = session.getContext() == null ? null : session.getContext().getAuthenticationSession();
        String note = authSession == null ? null : authSession.getAuthNote(NOTE);
        if (note == null) return details;
        for (String pair : note.split("\\|")) {
            int eq = pair.indexOf('=');
            if (eq > 0) details.putIfAbsent(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return details;
    }
}
