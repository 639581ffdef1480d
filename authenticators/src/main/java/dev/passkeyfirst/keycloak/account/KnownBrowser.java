package dev.passkeyfirst.keycloak.account;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;

import dev.passkeyfirst.keycloak.model.Sighting;
import dev.passkeyfirst.keycloak.util.Secrets;
import org.keycloak.common.util.Time;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * The realm's own word, kept by the browser, that this account signed in from this browser and place
 * not long ago: a cookie signed with the realm's HMAC key, naming (by hashes) the account, our device
 * cookie, the country and the network, and when. A sign-in that shows it matching needs no read of the
 * history to know it is not new, so the usual sign-in (same browser, same place) costs no query for
 * the notices. Anything that does not match, or cannot be checked, falls back to the history.
 */
public final class KnownBrowser {

    static final String NAME = "PKF_KNOWN";
    private static final int MAX_AGE_SECONDS = 400 * 24 * 3600;

    private KnownBrowser() {
    }

    /** Whether the browser's cookie vouches that this account was here, in this browser, within {@code days}. */
    public static boolean vouches(KeycloakSession session, RealmModel realm, UserModel user, Sighting here, int days) {
        var context = session.getContext();
        Cookie cookie = context.getRequestHeaders() == null ? null : context.getRequestHeaders().getCookies().get(NAME);
        byte[] key = key(session, realm);
        if (cookie == null || key == null || here.device() == null) return false;
        String[] parts = cookie.getValue().split("\\.");
        if (parts.length != 2) return false;
        long issued;
        try {
            issued = Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            return false;
        }
        if (issued > Time.currentTime() || Time.currentTime() - issued > days * 86_400L) return false;
        return Secrets.equal(parts[1], mac(key, issued, user, here));
    }

    /** Gives the browser the realm's word for this account, browser and place, as of now. */
    public static void issue(KeycloakSession session, RealmModel realm, UserModel user, Sighting here) {
        byte[] key = key(session, realm);
        var context = session.getContext();
        if (key == null || here.device() == null || context.getUri() == null || context.getHttpResponse() == null) return;
        long now = Time.currentTime();
        context.getHttpResponse().setCookieIfAbsent(new NewCookie.Builder(NAME).value(now + "." + mac(key, now, user, here))
                .path(AuthenticationManager.getRealmCookiePath(realm, context.getUri())).maxAge(MAX_AGE_SECONDS).httpOnly(true)
                .secure("https".equals(context.getUri().getBaseUri().getScheme())).sameSite(NewCookie.SameSite.LAX).build());
    }

    private static String mac(byte[] key, long issued, UserModel user, Sighting here) {
        String message = "pkf-known|" + issued + "|" + user.getId() + "|" + here.device() + "|" + nullSafe(here.country()) + "|"
                + nullSafe(here.network());
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** The realm's active HMAC key; none means no shortcut (the history decides every time). */
    private static byte[] key(KeycloakSession session, RealmModel realm) {
        for (String alg : new String[]{Algorithm.HS512, Algorithm.HS256}) {
            try {
                KeyWrapper k = session.keys().getActiveKey(realm, KeyUse.SIG, alg);
                if (k != null && k.getSecretKey() != null) return k.getSecretKey().getEncoded();
            } catch (RuntimeException noSuchKey) {
                // try the next algorithm
            }
        }
        return null;
    }

    private static String nullSafe(String s) {
        return s == null ? "" : s;
    }
}
