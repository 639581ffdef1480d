package dev.passkeyfirst.keycloak.link;

import dev.passkeyfirst.keycloak.common.FormGuard;
import java.net.URI;
import java.util.List;

import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.common.PageData;
import dev.passkeyfirst.keycloak.common.PageModel;
import dev.passkeyfirst.keycloak.common.SecurityHeaders;
import dev.passkeyfirst.keycloak.util.Secrets;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.RootAuthenticationSessionModel;

/** One request to a part of the realm resource, with what every part needs to answer it. */
public final class PartRequest {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final String id;
    private final MultivaluedMap<String, String> form;

    PartRequest(KeycloakSession session, String id, MultivaluedMap<String, String> form) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.id = id;
        this.form = form;
    }

    public KeycloakSession session() { return session; }
    public RealmModel realm() { return realm; }
    /** The path segment after the part's name; null where there is none. */
    public String id() { return id; }

    /** Whether the posted form has the shape of one of our pages' ({@link FormGuard}). */
    public boolean wellFormed() {
        return FormGuard.problem(form) == null;
    }

    /** The single value of a posted field; null when absent, repeated (forged) or longer than {@code max}. */
    public String field(String name, int max) {
        List<String> v = form == null ? null : form.get(name);
        if (v == null || v.size() != 1 || v.get(0) == null || v.get(0).length() > max) return null;
        return v.get(0);
    }

    /** A query parameter, with the same rules as {@link #field}. */
    public String query(String name, int max) {
        List<String> v = session.getContext().getUri().getQueryParameters().get(name);
        if (v == null || v.size() != 1 || v.get(0) == null || v.get(0).length() > max) return null;
        return v.get(0);
    }

    public EventBuilder event() {
        return new EventBuilder(realm, session, session.getContext().getConnection());
    }

    /** Whether this browser's cookie {@code cookieName} holds the secret the form posted back. */
    public boolean sameBrowser(String cookieName, String posted) {
        Cookie cookie = session.getContext().getRequestHeaders().getCookies().get(cookieName);
        return cookie != null && Secrets.equal(posted, cookie.getValue());
    }

    /** The browser's secret for {@code cookieName}, from its cookie; null without one. */
    public String browserSecret(String cookieName) {
        Cookie cookie = session.getContext().getRequestHeaders().getCookies().get(cookieName);
        return cookie == null ? null : cookie.getValue();
    }

    /** The browser's root authentication session in this realm (its sign-ins in progress), if any. */
    public RootAuthenticationSessionModel browserRoot() {
        return new AuthenticationSessionManager(session).getCurrentRootAuthenticationSession(realm);
    }

    /** Who this browser is signed in as, if anyone. */
    public AuthenticationManager.AuthResult signedIn() {
        return AuthenticationManager.authenticateIdentityCookie(session, realm, true);
    }

    /** A page of ours that may not be framed; {@code page} is {@code pkfLink} to the template. */
    public Response page(String template, LinkPage page, String error, int status, NewCookie cookie) {
        return page(template, "pkfLink", PageModel.of(page), error, status, cookie);
    }

    public Response page(String template, String attribute, Object model, String error, int status, NewCookie cookie) {
        LoginFormsProvider forms = session.getProvider(LoginFormsProvider.class);
        if (attribute != null) forms.setAttribute(attribute, model);
        if (error != null) forms.setError(error);
        Response page = forms.setStatus(Response.Status.fromStatusCode(status)).createForm(template);
        Response.ResponseBuilder b = Response.fromResponse(SecurityHeaders.noFraming(session, page));
        if (cookie != null) b.cookie(cookie);
        return b.build();
    }

    public Response redirect(String url) {
        return Response.seeOther(URI.create(url)).cacheControl(noStore()).build();
    }

    public Response json(PageData data) {
        return Response.ok(data.json(), MediaType.APPLICATION_JSON_TYPE).cacheControl(noStore()).build();
    }

    private static CacheControl noStore() {
        CacheControl cc = new CacheControl();
        cc.setNoStore(true);
        cc.setNoCache(true);
        return cc;
    }
}
