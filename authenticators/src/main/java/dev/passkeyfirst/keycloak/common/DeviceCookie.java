package dev.passkeyfirst.keycloak.common;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;

import dev.passkeyfirst.keycloak.util.Secrets;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * A long-lived, random cookie of ours that names this browser to the realm, so that a sign-in from a
 * browser the account never used can be told apart. It says nothing by itself (no user, no session);
 * what we store is its hash, beside the account's own history. A browser that clears its cookies, or
 * a private window, is simply a new browser.
 */
public final class DeviceCookie {

    static final String NAME = "PKF_DEVICE";
    /** The longest lifetime browsers grant a cookie (Chrome caps at 400 days). */
    private static final int MAX_AGE_SECONDS = 400 * 24 * 3600;

    private DeviceCookie() {
    }

    /**
     * The hash naming this browser; a browser without our cookie is given one in this response (and
     * every later call of this request answers the same). Null outside an HTTP request.
     */
    public static String hash(KeycloakSession session, RealmModel realm) {
        String key = "pkf.device:" + realm.getId();
        if (session.getAttribute(key) instanceof String known) return known;
        var context = session.getContext();
        if (context == null || context.getRequestHeaders() == null || context.getUri() == null) return null;
        Cookie cookie = context.getRequestHeaders().getCookies().get(NAME);
        String value = cookie == null ? null : cookie.getValue();
        if (!Secrets.isId(value)) {
            value = Secrets.id();
            String path = AuthenticationManager.getRealmCookiePath(realm, context.getUri());
            context.getHttpResponse().setCookieIfAbsent(new NewCookie.Builder(NAME).value(value).path(path)
                    .maxAge(MAX_AGE_SECONDS).httpOnly(true).secure("https".equals(context.getUri().getBaseUri().getScheme()))
                    .sameSite(NewCookie.SameSite.LAX).build());
        }
        String hash = Secrets.sha256(value);
        session.setAttribute(key, hash);
        return hash;
    }
}
