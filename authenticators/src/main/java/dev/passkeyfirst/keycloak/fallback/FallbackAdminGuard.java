package dev.passkeyfirst.keycloak.fallback;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import dev.passkeyfirst.keycloak.session.FallbackSessions;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Encode;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * Keycloak's admin REST API decides what an administrator may do from the roles stored for the
 * user, not from the token (since 26.7.x), so the roles a fallback session's token lacks do not
 * limit it there. This filter does: a request to {@code /admin/realms/...} that could change
 * something (any method but GET, HEAD and OPTIONS), carrying a token of a fallback session, is
 * answered 403 before it reaches Keycloak. Reading stays Keycloak's to decide.
 *
 * <p>The token is only read here, not verified: Keycloak verifies it next, and a forged one can at
 * worst get its own request refused. Whatever the scheme (Keycloak takes {@code Bearer} and, by
 * default, {@code DPoP}) and however many Authorization headers came, each is looked at.
 */
@Provider
public class FallbackAdminGuard implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(FallbackAdminGuard.class);
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    /** The admin REST API, creating realms included. */
    private static final String ADMIN_API = "admin/realms";

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/")) path = path.substring(1);
        if (!path.startsWith(ADMIN_API)) return;
        List<String> headers = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (headers == null || headers.isEmpty()) return;
        if (READS.contains(request.getMethod())) return;
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        if (session == null) return;
        UserSessionModel userSession = headers.stream().map(FallbackAdminGuard::credentials).filter(Objects::nonNull)
                .map(token -> userSession(session, token)).filter(FallbackSessions::isFallback).findFirst().orElse(null);
        if (userSession == null) return;
        LOG.debugf("admin API change refused to a fallback session of user %s", userSession.getUser() == null ? "?" : userSession.getUser().getId());
        request.abortWith(Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", "pkf_fallback_session",
                        "error_description", "A session signed in without a passkey cannot change anything here; sign in with a passkey."))
                .build());
    }

    /**
     * Keycloak's admin API decodes a token's issuer before it checks the signature, while it matches
     * the request to its resource (before the guard above runs), and answers an issuer with a bad
     * escape with a 500 and a stack trace. Such a token is no one's: it is refused first, with a 401.
     */
    @Provider
    @PreMatching
    public static class MalformedIssuer implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            String path = request.getUriInfo().getPath();
            if (path.startsWith("/")) path = path.substring(1);
            if (!path.startsWith("admin/")) return;
            List<String> headers = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
            if (headers == null || headers.stream().map(FallbackAdminGuard::credentials).filter(Objects::nonNull)
                    .noneMatch(FallbackAdminGuard::undecodableIssuer)) return;
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", "invalid_token")).build());
        }
    }

    private static boolean undecodableIssuer(String token) {
        String issuer;
        try {
            issuer = new JWSInput(token).readJsonContent(AccessToken.class).getIssuer();
        } catch (RuntimeException | org.keycloak.jose.jws.JWSInputException unreadable) {
            return false;
        }
        if (issuer == null || issuer.indexOf('/') < 0) return false;
        try {
            Encode.decodePath(issuer.substring(issuer.lastIndexOf('/') + 1));
            return false;
        } catch (RuntimeException malformed) {
            return true;
        }
    }

    /** What follows the scheme word, whichever scheme it is. */
    private static String credentials(String header) {
        if (header == null) return null;
        String h = header.trim();
        int space = h.indexOf(' ');
        return space <= 0 ? null : h.substring(space + 1).trim();
    }

    private static UserSessionModel userSession(KeycloakSession session, String token) {
        try {
            AccessToken parsed = new JWSInput(token).readJsonContent(AccessToken.class);
            String issuer = parsed.getIssuer();
            String sid = parsed.getSessionId();
            if (issuer == null || sid == null || issuer.indexOf('/') < 0) return null;
            RealmModel realm = session.realms().getRealmByName(Encode.decodePath(issuer.substring(issuer.lastIndexOf('/') + 1)));
            if (realm == null) return null;
            return session.sessions().getUserSession(realm, sid);
        } catch (RuntimeException | org.keycloak.jose.jws.JWSInputException e) {
            // not a token Keycloak will accept either (unsigned claims may hold anything, a bad escape in
            // the issuer included): its own answer follows
            return null;
        }
    }
}
