package dev.passkeyfirst.keycloak.link;

import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.util.Secrets;

/**
 * An emailed or QR link: GET and HEAD show a page (a mail scanner's look uses nothing); that page
 * sets a secret in a cookie of this link kind and in its form, and only a POST carrying both, from
 * the same browser, takes the link (a cross-site POST has no cookie; a scanner posts nothing). A
 * kind says what its pages are and what taking it does.
 */
public abstract class Link implements ResourcePart {

    private static final String BINDING_FIELD = "binding";

    private final String part;
    private final String cookieName;
    private final String template;
    private final String goneMessage;

    /**
     * @param part        the part this kind is served under (its factory's id)
     * @param cookieName  this kind's cookie: kinds never share one, so one link's page never vouches for another's
     * @param template    the template of this kind's pages
     * @param goneMessage the message of its "no longer valid" page
     */
    protected Link(String part, String cookieName, String template, String goneMessage) {
        this.part = part;
        this.cookieName = cookieName;
        this.template = template;
        this.goneMessage = goneMessage;
    }

    /** Shows what following the link will do, usually through {@link #confirmPage}. Must change nothing. */
    protected abstract Response show(PartRequest request);

    /** Takes the link: the POST came from the browser that was shown its page. */
    protected abstract Response take(PartRequest request, String binding);

    @Override
    public final Response get(PartRequest request) {
        if (!Secrets.isId(request.id())) return gone(request, 410);
        return show(request);
    }

    @Override
    public final Response post(PartRequest request) {
        if (!Secrets.isId(request.id())) return gone(request, 410);
        if (!request.wellFormed()) return viewPage(request, "gone", "pkfErrorFormInvalid", 400);
        if (usedUp(request)) return gone(request, 410);
        String binding = request.field(BINDING_FIELD, 64);
        if (binding == null || !request.sameBrowser(cookieName, binding)) return gone(request, 400);
        return take(request, binding);
    }

    /**
     * Whether this link can no longer be taken, whoever posts: such a POST is answered 410 like a
     * look at it, before the browser check (which answers 400). None by default.
     */
    protected boolean usedUp(PartRequest request) {
        return false;
    }

    /** The page with the form that takes this link, its secret set as this kind's cookie for {@code seconds}. */
    protected final Response confirmPage(PartRequest request, LinkPage page, int seconds) {
        String secret = Secrets.random(32);
        String action = Links.url(request.session(), request.realm(), part, request.id());
        return request.page(template, page.bound(actionWithQuery(request, action), secret), null, 200,
                Links.bindingCookie(request.session(), request.realm(), cookieName, secret, Math.max(1, seconds)));
    }

    /** A page of this kind without a form. */
    protected final Response viewPage(PartRequest request, String view, String error, int status) {
        return request.page(template, LinkPage.showing(view), error, status, null);
    }

    protected final Response gone(PartRequest request, int status) {
        return viewPage(request, "gone", goneMessage, status);
    }

    /** For links that name their user in the query ({@code ?u=}): the confirmation carries it on. */
    protected static String userQuery(PartRequest request) {
        String u = request.query("u", 64);
        return u == null ? null : "u=" + java.net.URLEncoder.encode(u, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The enabled user a link names in its query; null for anything else, so a forged link reads as a used one. */
    protected static org.keycloak.models.UserModel namedUser(PartRequest request) {
        String userId = request.query("u", 64);
        if (userId == null) return null;
        org.keycloak.models.UserModel user = request.session().users().getUserById(request.realm(), userId);
        return user != null && user.isEnabled() ? user : null;
    }

    /** Query parameters the confirmation must carry on (none by default). */
    protected String actionQuery(PartRequest request) {
        return null;
    }

    private String actionWithQuery(PartRequest request, String action) {
        String q = actionQuery(request);
        return q == null ? action : action + "?" + q;
    }
}
