package dev.passkeyfirst.keycloak.common;

import jakarta.ws.rs.core.HttpHeaders;

import dev.passkeyfirst.keycloak.util.UserAgents;
import org.keycloak.models.KeycloakSession;

/** What the current request says about the browser behind it, as people read it. */
public final class Requests {

    private Requests() {
    }

    /** "Safari on macOS", or whichever half is known, or null. */
    public static String agent(KeycloakSession session) {
        var headers = session.getContext().getRequestHeaders();
        return headers == null ? null : UserAgents.summarize(headers.getHeaderString(HttpHeaders.USER_AGENT)).text();
    }

    /** {@link #agent}, or "" for templates and emails. */
    public static String agentOrEmpty(KeycloakSession session) {
        String agent = agent(session);
        return agent == null ? "" : agent;
    }

    public static String ip(KeycloakSession session) {
        var connection = session.getContext().getConnection();
        return connection == null ? null : connection.getRemoteAddr();
    }
}
