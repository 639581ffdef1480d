package dev.passkeyfirst.keycloak.common;

import jakarta.ws.rs.core.Response;

import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Pages that approve anything may not be framed by any site, not even the realm's own
 * (DESIGN §5): Keycloak's headers would allow 'self', so these pages set their own.
 */
public final class SecurityHeaders {

    private SecurityHeaders() {
    }

    public static Response noFraming(KeycloakSession session, Response page) {
        session.getProvider(SecurityHeadersProvider.class).options().skipHeaders();
        RealmModel realm = session.getContext().getRealm();
        String hsts = realm == null ? null : realm.getBrowserSecurityHeaders().get("strictTransportSecurity");
        Response.ResponseBuilder b = Response.fromResponse(page)
                .header("Content-Security-Policy", "frame-src 'self'; frame-ancestors 'none'; object-src 'none';")
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Robots-Tag", "none")
                .header("Cache-Control", "no-store, must-revalidate, max-age=0");
        if (hsts != null && !hsts.isBlank()) b.header("Strict-Transport-Security", hsts);
        return b.build();
    }
}
