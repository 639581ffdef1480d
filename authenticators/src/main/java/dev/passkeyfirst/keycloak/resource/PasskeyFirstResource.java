package dev.passkeyfirst.keycloak.resource;

import dev.passkeyfirst.keycloak.common.AccountConsole;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.common.PageData;
import dev.passkeyfirst.keycloak.common.SecurityHeaders;
import dev.passkeyfirst.keycloak.enroll.PairDeviceAction;
import dev.passkeyfirst.keycloak.enroll.PairDeviceActionToken;
import dev.passkeyfirst.keycloak.enroll.Pairing;
import dev.passkeyfirst.keycloak.enroll.PairingPage;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.recovery.RecoveryActionToken;
import dev.passkeyfirst.keycloak.recovery.NotMeLinks;
import dev.passkeyfirst.keycloak.recovery.RecoveryLinks;
import dev.passkeyfirst.keycloak.recovery.SignInLinkActionToken;
import dev.passkeyfirst.keycloak.recovery.SignInLinks;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.util.UserAgents;
import org.jboss.logging.Logger;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.sessions.AuthenticationSessionCompoundId;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

/**
 * {@code /realms/{realm}/passkey-first}: the page a pairing link (or QR code) opens on the new
 * device, and a read-only status for the pages waiting on a pairing. GET and HEAD only show: mail
 * scanners and link previews change nothing. The POST that takes the link must carry the secret
 * the page set as a cookie in the same browser.
 */
public class PasskeyFirstResource {

    private static final Logger LOG = Logger.getLogger(PasskeyFirstResource.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SIGN_IN_LINK_PAGE = "pkf-sign-in-link.ftl";

    private final KeycloakSession session;

    public PasskeyFirstResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Path("pair/{id}")
    @Produces(MediaType.TEXT_HTML)
    public Response showPairing(@PathParam("id") String id, @QueryParam("via") String via) {
        RealmModel realm = session.getContext().getRealm();
        Optional<Pairing> pairing = Pairing.load(session, realm, id);
        if (pairing.isEmpty() || pairing.get().state() != Pairing.State.WAITING) {
            return page(PairingPage.gone(), "pkfErrorPairLinkInvalid", 410, null);
        }
        Pairing p = pairing.get();
        UserModel account = session.users().getUserById(realm, p.userId());
        if (account == null || !account.isEnabled()) return page(PairingPage.gone(), "pkfErrorPairLinkInvalid", 410, null);
        if (signedInAsSomeoneElse(realm, p)) return page(PairingPage.otherAccount(account.getUsername()), "pkfErrorPairOtherAccount", 409, null);
        String binding = random();
        NewCookie cookie = bindingCookie(realm, binding, (int) p.remainingSeconds());
        return page(PairingPage.confirm(account.getUsername(), actionUrl(realm, "pair", id), binding,
                "email".equals(via) ? "email" : "qr", p.expiresAt()), null, 200, cookie);
    }

    @POST
    @Path("pair/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response takePairing(@PathParam("id") String id, @FormParam("binding") String binding, @FormParam("via") String via) {
        RealmModel realm = session.getContext().getRealm();
        Optional<Pairing> pairing = Pairing.load(session, realm, id);
        if (pairing.isEmpty() || pairing.get().state().ended()) return page(PairingPage.gone(), "pkfErrorPairLinkInvalid", 410, null);
        Pairing p = pairing.get();
        if (!sameBrowser(binding)) {
            LOG.warnf("pairing %s: confirmation without this browser's pairing cookie", id);
            return page(PairingPage.gone(), "pkfErrorPairLinkInvalid", 400, null);
        }
        UserModel account = session.users().getUserById(realm, p.userId());
        if (account == null || !account.isEnabled()) return page(PairingPage.gone(), "pkfErrorPairLinkInvalid", 410, null);
        if (signedInAsSomeoneElse(realm, p)) return page(PairingPage.otherAccount(account.getUsername()), "pkfErrorPairOtherAccount", 409, null);

        String agent = UserAgents.summarize(session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.USER_AGENT)).text();
        String ip = session.getContext().getConnection().getRemoteAddr();
        if (p.state() != Pairing.State.WAITING
                || !p.claimForDeviceB(session, binding, agent, ip, "email".equals(via) ? Pairing.Via.EMAIL_LINK : Pairing.Via.QR_CODE)) {
            // a second device on one link: the link has leaked or someone races the user; stop everything
            if (!p.boundTo(binding)) {
                if (p.end(session, Pairing.State.ABORTED, "second_device", null) && p.pendingId() != null) {
                    session.getProvider(PasskeyRecordStore.class).removePending(realm, p.pendingId());
                }
                event(realm, account, "add_device_second_device", p).error("pkf_second_device");
                LOG.warnf("pairing %s aborted: a second device took the link", id);
                return page(PairingPage.gone(), "pkfErrorPairSecondDevice", 409, null);
            }
        }
        ClientModel client = accountClient(realm);
        PairDeviceActionToken token = new PairDeviceActionToken(account.getId(), (int) (p.expiresAt() / 1000), p.id(), client.getClientId());
        String url = actionTokenUrl(realm, token.serialize(session, realm, session.getContext().getUri()), client);
        return Response.seeOther(java.net.URI.create(url)).cacheControl(noStore()).build();
    }

    /** The recovery link from an email: shows what it does; nothing is used until the POST. */
    @GET
    @Path("recover/{id}")
    @Produces(MediaType.TEXT_HTML)
    public Response showRecoveryLink(@PathParam("id") String id) {
        RealmModel realm = session.getContext().getRealm();
        Optional<UserModel> user = linkUser(realm, RecoveryLinks.LINK_PREFIX, id);
        if (user.isEmpty()) return simplePage("pkf-recovery-link.ftl", "gone", null, "pkfErrorRecoveryLinkInvalid", 410, null);
        String binding = random();
        return simplePage("pkf-recovery-link.ftl", "confirm", actionUrl(realm, "recover", id), null, 200,
                bindingCookie(realm, binding, 15 * 60), "binding", binding, "account", user.get().getUsername());
    }

    @POST
    @Path("recover/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response useRecoveryLink(@PathParam("id") String id, @FormParam("binding") String binding) {
        RealmModel realm = session.getContext().getRealm();
        if (!sameBrowser(binding)) return simplePage("pkf-recovery-link.ftl", "gone", null, "pkfErrorRecoveryLinkInvalid", 400, null);
        // the single winner across the cluster: remove returns the entry to one request only
        Map<String, String> link = RecoveryLinks.isId(id) ? session.singleUseObjects().remove(RecoveryLinks.LINK_PREFIX + id) : null;
        UserModel user = link == null || !realm.getId().equals(link.get("realm")) ? null : session.users().getUserById(realm, link.get("user"));
        if (user == null || !user.isEnabled()) return simplePage("pkf-recovery-link.ftl", "gone", null, "pkfErrorRecoveryLinkInvalid", 410, null);
        if (RecoveryLinks.frozen(user)) return simplePage("pkf-recovery-link.ftl", "frozen", null, "pkfErrorRecoveryFrozen", 409, null);
        ClientModel client = accountClient(realm);
        RecoveryActionToken token = new RecoveryActionToken(user.getId(), (int) (org.keycloak.common.util.Time.currentTime() + 15 * 60), client.getClientId());
        return Response.seeOther(java.net.URI.create(actionTokenUrl(realm, token.serialize(session, realm, session.getContext().getUri()), client)))
                .cacheControl(noStore()).build();
    }

    /**
     * The email sign-in link: shows a button only in the browser that asked for it (whose
     * authentication session waits for this link); anywhere else it says where to open it.
     */
    @GET
    @Path("sign-in/{id}")
    @Produces(MediaType.TEXT_HTML)
    public Response showSignInLink(@PathParam("id") String id) {
        RealmModel realm = session.getContext().getRealm();
        Optional<SignInLinks.Link> link = SignInLinks.peek(session, realm, id);
        if (link.isEmpty()) return simplePage(SIGN_IN_LINK_PAGE, "gone", null, "pkfErrorSignInLinkInvalid", 410, null);
        Optional<Response> refused = refuseHere(realm, link.get());
        if (refused.isPresent()) return refused.get();
        UserModel user = session.users().getUserById(realm, link.get().userId());
        if (user == null || !user.isEnabled()) return simplePage(SIGN_IN_LINK_PAGE, "gone", null, "pkfErrorSignInLinkInvalid", 410, null);
        String binding = random();
        return simplePage(SIGN_IN_LINK_PAGE, "confirm", actionUrl(realm, "sign-in", id), null, 200,
                bindingCookie(realm, binding, 15 * 60), "binding", binding, "account", user.getUsername());
    }

    @POST
    @Path("sign-in/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response useSignInLink(@PathParam("id") String id, @FormParam("binding") String binding) {
        RealmModel realm = session.getContext().getRealm();
        if (!sameBrowser(binding)) return simplePage(SIGN_IN_LINK_PAGE, "gone", null, "pkfErrorSignInLinkInvalid", 400, null);
        Optional<SignInLinks.Link> link = SignInLinks.peek(session, realm, id);
        if (link.isEmpty()) return simplePage(SIGN_IN_LINK_PAGE, "gone", null, "pkfErrorSignInLinkInvalid", 410, null);
        // checked before the link is used up: a link tried in the wrong browser still works in the right one
        Optional<Response> refused = refuseHere(realm, link.get());
        if (refused.isPresent()) return refused.get();
        Optional<AuthenticationSessionModel> waiting = SignInLinks.waitingSession(realm, browserRoot(realm), link.get());
        if (waiting.isEmpty() || !SignInLinks.take(session, link.get(), waiting.get())) {
            return simplePage(SIGN_IN_LINK_PAGE, "gone", null, "pkfErrorSignInLinkInvalid", 410, null);
        }
        AuthenticationSessionModel authSession = waiting.get();
        SignInLinkActionToken token = new SignInLinkActionToken(link.get().userId(), org.keycloak.common.util.Time.currentTime() + 5 * 60,
                AuthenticationSessionCompoundId.fromAuthSession(authSession).getEncodedId(), authSession.getClient().getClientId());
        String url = Urls.loginActionsBase(session.getContext().getUri().getBaseUri())
                .path(LoginActionsService.class, "executeActionToken")
                .queryParam(Constants.KEY, token.serialize(session, realm, session.getContext().getUri()))
                .queryParam(Constants.CLIENT_ID, authSession.getClient().getClientId())
                .queryParam(Constants.TAB_ID, authSession.getTabId())
                .build(realm.getName()).toString();
        return Response.seeOther(java.net.URI.create(url)).cacheControl(noStore()).build();
    }

    private RootAuthenticationSessionModel browserRoot(RealmModel realm) {
        return new AuthenticationSessionManager(session).getCurrentRootAuthenticationSession(realm);
    }

    /** Another browser (403), or this browser's sign-in no longer waiting for this link (410). */
    private Optional<Response> refuseHere(RealmModel realm, SignInLinks.Link link) {
        RootAuthenticationSessionModel root = browserRoot(realm);
        if (!SignInLinks.askedHere(root, link)) {
            return Optional.of(simplePage(SIGN_IN_LINK_PAGE, "otherBrowser", null, "pkfErrorSignInLinkOtherBrowser", 403, null));
        }
        if (SignInLinks.waitingSession(realm, root, link).isEmpty()) {
            return Optional.of(simplePage(SIGN_IN_LINK_PAGE, "gone", null, "pkfErrorSignInLinkInvalid", 410, null));
        }
        return Optional.empty();
    }

    /** "This wasn't me", from a recovery notice: shows what it will do; the POST does it. */
    @GET
    @Path("not-me/{id}")
    @Produces(MediaType.TEXT_HTML)
    public Response showNotMe(@PathParam("id") String id, @QueryParam("u") String userId) {
        RealmModel realm = session.getContext().getRealm();
        if (NotMeLinks.find(noticeUser(realm, userId), id).isEmpty()) {
            return simplePage("pkf-not-me.ftl", "gone", null, "pkfErrorRecoveryLinkInvalid", 410, null);
        }
        String binding = random();
        String action = session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName())
                .path("passkey-first").path("not-me").path(id).queryParam("u", userId).build().toString();
        return simplePage("pkf-not-me.ftl", "confirm", action, null, 200, bindingCookie(realm, binding, 3600), "binding", binding);
    }

    @POST
    @Path("not-me/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response notMe(@PathParam("id") String id, @QueryParam("u") String userId, @FormParam("binding") String binding) {
        RealmModel realm = session.getContext().getRealm();
        if (!sameBrowser(binding)) return simplePage("pkf-not-me.ftl", "gone", null, "pkfErrorRecoveryLinkInvalid", 400, null);
        UserModel user = noticeUser(realm, userId);
        Optional<NotMeLinks.Notice> notice = NotMeLinks.take(session, user, id);
        if (notice.isEmpty()) return simplePage("pkf-not-me.ftl", "gone", null, "pkfErrorRecoveryLinkInvalid", 410, null);
        // a notice sent during the waiting period also covers the passkey once the waiting is over
        RecoveryLinks.cancel(session, realm, user, notice.get().pendingId(), notice.get().credentialNow(session, realm, user));
        new EventBuilder(realm, session, session.getContext().getConnection()).event(EventType.REMOVE_CREDENTIAL).user(user)
                .detail(PkfEvents.ACTION, "recovery_cancelled_by_owner").success();
        return simplePage("pkf-not-me.ftl", "done", null, null, 200, null);
    }

    /** The user a notice link names; null for anything else, so a forged link reads as a used one. */
    private UserModel noticeUser(RealmModel realm, String userId) {
        if (userId == null || userId.length() > 64) return null;
        UserModel user = session.users().getUserById(realm, userId);
        return user != null && user.isEnabled() ? user : null;
    }

    /** Where a recovery that began at an email link ends, signed in with limited rights. */
    @GET
    @Path("recovered")
    @Produces(MediaType.TEXT_HTML)
    public Response recovered() {
        RealmModel realm = session.getContext().getRealm();
        String account = AccountConsole.url(session, realm);
        return SecurityHeaders.noFraming(session, session.getProvider(LoginFormsProvider.class).setAttribute("pkfAccountUrl", account)
                .createForm("pkf-recovered.ftl"));
    }

    private Optional<UserModel> linkUser(RealmModel realm, String prefix, String id) {
        if (!RecoveryLinks.isId(id)) return Optional.empty();
        Map<String, String> entry = session.singleUseObjects().get(prefix + id);
        if (entry == null || !realm.getId().equals(entry.get("realm"))) return Optional.empty();
        return Optional.ofNullable(session.users().getUserById(realm, entry.get("user"))).filter(UserModel::isEnabled);
    }

    private Response simplePage(String template, String view, String action, String error, int status, NewCookie cookie, String... extra) {
        LoginFormsProvider form = session.getProvider(LoginFormsProvider.class).setAttribute("pkfView", view);
        if (action != null) form.setAttribute("pkfAction", action);
        for (int i = 0; i + 1 < extra.length; i += 2) form.setAttribute("pkf" + Character.toUpperCase(extra[i].charAt(0)) + extra[i].substring(1), extra[i + 1]);
        if (error != null) form.setError(error);
        Response page = form.setStatus(Response.Status.fromStatusCode(status)).createForm(template);
        Response.ResponseBuilder b = Response.fromResponse(SecurityHeaders.noFraming(session, page));
        if (cookie != null) b.cookie(cookie);
        return b.build();
    }

    private NewCookie bindingCookie(RealmModel realm, String value, int maxAge) {
        return new NewCookie.Builder(PairDeviceAction.COOKIE).value(value).path(cookiePath(realm)).maxAge(maxAge)
                .httpOnly(true).secure(isSecure()).sameSite(NewCookie.SameSite.LAX).build();
    }

    /** The POST comes from the browser that loaded the page: it carries the page's secret both as field and cookie. */
    private boolean sameBrowser(String binding) {
        Cookie cookie = session.getContext().getRequestHeaders().getCookies().get(PairDeviceAction.COOKIE);
        return binding != null && cookie != null && equal(binding, cookie.getValue());
    }

    private static ClientModel accountClient(RealmModel realm) {
        ClientModel client = realm.getClientByClientId(Constants.ACCOUNT_CONSOLE_CLIENT_ID);
        return client != null && client.isEnabled() ? client : realm.getClientByClientId(Constants.ACCOUNT_MANAGEMENT_CLIENT_ID);
    }

    private String actionTokenUrl(RealmModel realm, String token, ClientModel client) {
        // Keycloak's action-token endpoint, without a tab: the browser has no authentication session yet
        return Urls.loginActionsBase(session.getContext().getUri().getBaseUri())
                .path(LoginActionsService.class, "executeActionToken")
                .queryParam(Constants.KEY, token).queryParam(Constants.CLIENT_ID, client.getClientId())
                .build(realm.getName()).toString();
    }

    private String actionUrl(RealmModel realm, String kind, String id) {
        return session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName())
                .path("passkey-first").path(kind).path(id).build().toString();
    }

    /**
     * Where a newly added device lands once it is signed in. Any code in the address is ignored: no
     * application asked for it, and it expires unused.
     */
    @GET
    @Path("device-added")
    @Produces(MediaType.TEXT_HTML)
    public Response deviceAdded() {
        RealmModel realm = session.getContext().getRealm();
        String account = AccountConsole.url(session, realm);
        Response page = session.getProvider(LoginFormsProvider.class).setAttribute("pkfAccountUrl", account).createForm("pkf-device-added.ftl");
        return SecurityHeaders.noFraming(session, page);
    }

    /**
     * What the page of this browser's current authentication (tab) is waiting for. Read-only and
     * bound to the browser's own authentication session; it never reveals a code.
     */
    @GET
    @Path("pairing-status")
    @Produces(MediaType.APPLICATION_JSON)
    public Response status(@QueryParam("tab_id") String tabId) {
        RealmModel realm = session.getContext().getRealm();
        RootAuthenticationSessionModel root = new AuthenticationSessionManager(session).getCurrentRootAuthenticationSession(realm);
        AuthenticationSessionModel authSession = root == null || tabId == null || tabId.length() > 64 ? null
                : root.getAuthenticationSessions().get(tabId);
        String id = authSession == null ? null
                : Optional.ofNullable(authSession.getAuthNote("pkf.add.pairing")).orElse(authSession.getAuthNote("pkf.pair.id"));
        Optional<Pairing> p = Pairing.load(session, realm, id);
        String state = p.map(x -> x.state().name()).orElse("EXPIRED");
        return Response.ok(new PageData().put("state", state).put("remainingSeconds", p.map(Pairing::remainingSeconds).orElse(0L)).json(),
                MediaType.APPLICATION_JSON_TYPE).cacheControl(noStore()).build();
    }

    private boolean signedInAsSomeoneElse(RealmModel realm, Pairing p) {
        AuthenticationManager.AuthResult sso = AuthenticationManager.authenticateIdentityCookie(session, realm, true);
        return sso != null && !sso.user().getId().equals(p.userId());
    }

    private Response page(PairingPage model, String error, int status, NewCookie cookie) {
        LoginFormsProvider form = session.getProvider(LoginFormsProvider.class).setAttribute("pkfPairing", model);
        if (error != null) form.setError(error);
        Response page = form.setStatus(Response.Status.fromStatusCode(status)).createForm("pkf-pair-confirm.ftl");
        Response.ResponseBuilder b = Response.fromResponse(SecurityHeaders.noFraming(session, page));
        if (cookie != null) b.cookie(cookie);
        return b.build();
    }

    private EventBuilder event(RealmModel realm, UserModel user, String action, Pairing p) {
        return new EventBuilder(realm, session, session.getContext().getConnection()).event(EventType.CUSTOM_REQUIRED_ACTION)
                .user(user).detail(PkfEvents.ACTION, action).detail("pkf_pairing", p.id());
    }

    private String cookiePath(RealmModel realm) {
        // Keycloak's own path for realm cookies, which keeps a relative HTTP path (/auth) in front
        return AuthenticationManager.getRealmCookiePath(realm, session.getContext().getUri());
    }

    private boolean isSecure() {
        return "https".equals(session.getContext().getUri().getBaseUri().getScheme());
    }

    private static CacheControl noStore() {
        CacheControl cc = new CacheControl();
        cc.setNoStore(true);
        cc.setNoCache(true);
        return cc;
    }

    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
