package dev.passkeyfirst.keycloak.link;

import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.UriBuilder;

import dev.passkeyfirst.keycloak.util.Secrets;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.keycloak.vocabulary.SingleUseKeys;
import dev.passkeyfirst.keycloak.vocabulary.StateCodec;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.resources.LoginActionsService;

/**
 * The mechanism every emailed or QR link shares: its id (128 random bits), its address, its entry in
 * the cluster-wide single-use store (a typed record, read or taken by exactly one request), the
 * cookie that binds its page to the POST that takes it, and the hand-over to an action token.
 */
public final class Links {

    private Links() {
    }

    public static String newId() {
        return Secrets.id();
    }

    /** {@code /realms/{realm}/passkey-first/{part}/{id}}. */
    public static String url(KeycloakSession session, RealmModel realm, String part, String id) {
        return base(session, realm).path(part).path(id).build().toString();
    }

    /** {@code /realms/{realm}/passkey-first/{part}}. */
    public static String partUrl(KeycloakSession session, RealmModel realm, String part) {
        return base(session, realm).path(part).build().toString();
    }

    private static UriBuilder base(KeycloakSession session, RealmModel realm) {
        return session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName()).path(ProviderIds.REALM_RESOURCE);
    }

    /** Stores a link's entry for {@code seconds}. */
    public static void put(KeycloakSession session, String part, String id, Record entry, long seconds) {
        session.singleUseObjects().put(key(part, id), seconds, StateCodec.write(entry));
    }

    /** A link's entry, read without using it up. */
    public static <R extends Record> Optional<R> peek(KeycloakSession session, String part, String id, Class<R> type) {
        if (!Secrets.isId(id)) return Optional.empty();
        return StateCodec.read(session.singleUseObjects().get(key(part, id)), type);
    }

    /** Uses a link's entry up: across the cluster, exactly one caller gets it. */
    public static <R extends Record> Optional<R> take(KeycloakSession session, String part, String id, Class<R> type) {
        if (!Secrets.isId(id)) return Optional.empty();
        Map<String, String> entry = session.singleUseObjects().remove(key(part, id));
        return StateCodec.read(entry, type);
    }

    private static String key(String part, String id) {
        return SingleUseKeys.LINK + part + "." + id;
    }

    /** The cookie that holds a link page's secret in this browser, under the realm's own cookie path. */
    public static NewCookie bindingCookie(KeycloakSession session, RealmModel realm, String name, String secret, int maxAgeSeconds) {
        return new NewCookie.Builder(name).value(secret)
                .path(AuthenticationManager.getRealmCookiePath(realm, session.getContext().getUri()))
                .maxAge(maxAgeSeconds).httpOnly(true)
                .secure("https".equals(session.getContext().getUri().getBaseUri().getScheme()))
                .sameSite(NewCookie.SameSite.LAX).build();
    }

    /** The client a link's sign-in belongs to when no application asked for it: the account console. */
    public static ClientModel accountClient(RealmModel realm) {
        ClientModel client = realm.getClientByClientId(Constants.ACCOUNT_CONSOLE_CLIENT_ID);
        return client != null && client.isEnabled() ? client : realm.getClientByClientId(Constants.ACCOUNT_MANAGEMENT_CLIENT_ID);
    }

    /** Keycloak's action-token endpoint for {@code token}; {@code tabId} only where a sign-in in this browser continues. */
    public static String actionTokenUrl(KeycloakSession session, RealmModel realm, LinkToken token, String clientId, String tabId) {
        UriBuilder b = Urls.loginActionsBase(session.getContext().getUri().getBaseUri())
                .path(LoginActionsService.class, "executeActionToken")
                .queryParam(Constants.KEY, token.serialize(session, realm, session.getContext().getUri()))
                .queryParam(Constants.CLIENT_ID, clientId);
        if (tabId != null) b.queryParam(Constants.TAB_ID, tabId);
        return b.build(realm.getName()).toString();
    }
}
