package dev.passkeyfirst.keycloak.enroll;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.ceremony.PendingPasskeys;
import dev.passkeyfirst.keycloak.ceremony.SignInCeremony;
import dev.passkeyfirst.keycloak.common.FormGuard;
import dev.passkeyfirst.keycloak.common.GeoIp;
import dev.passkeyfirst.keycloak.common.PageData;
import dev.passkeyfirst.keycloak.common.PkfRequiredAction;
import dev.passkeyfirst.keycloak.common.PageModel;
import dev.passkeyfirst.keycloak.common.RateLimit;
import dev.passkeyfirst.keycloak.common.Requests;
import dev.passkeyfirst.keycloak.common.SecurityHeaders;
import dev.passkeyfirst.keycloak.events.PkfEvent;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.link.Links;
import dev.passkeyfirst.keycloak.model.Enrollment;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.model.PendingPasskey;
import dev.passkeyfirst.keycloak.notify.Notifications;
import dev.passkeyfirst.keycloak.session.PasskeySessions;
import dev.passkeyfirst.keycloak.util.CredentialIds;
import dev.passkeyfirst.keycloak.util.Secrets;
import dev.passkeyfirst.keycloak.vocabulary.AuthNotes;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.keycloak.webauthn.AssertionResponse;
import dev.passkeyfirst.keycloak.webauthn.BadInputException;
import dev.passkeyfirst.keycloak.webauthn.Challenges;
import dev.passkeyfirst.keycloak.webauthn.FormFields;
import dev.passkeyfirst.keycloak.webauthn.RelyingParty;
import dev.passkeyfirst.keycloak.webauthn.StoredPasskey;
import org.jboss.logging.Logger;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * "Add another device", on the device the user is signed in on (device A). It shows a QR code and
 * link (and can email the link), waits for the other device (B) to create its passkey, asks for the
 * code B shows (A never receives it), shows who B is beside who A is, and approves with a fresh
 * passkey assertion whose challenge binds the pairing, B's pending passkey and the code. Only then
 * does B's passkey become a Keycloak credential.
 */
public class AddDeviceAction implements PkfRequiredAction {

    private static final Logger LOG = Logger.getLogger(AddDeviceAction.class);
    /** How long device A's approving prompt may stay open. */
    private static final long APPROVAL_TIMEOUT_MILLIS = 120_000;

    private final KeycloakSession session;
    private final SignInCeremony signIn;

    public AddDeviceAction(KeycloakSession session, SignInCeremony signIn) {
        this.session = session;
        this.signIn = signIn;
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        context.challenge(render(context, null, null));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (FormGuard.problem(form) != null) {
            context.challenge(render(context, "pkfErrorFormInvalid", null));
            return;
        }
        Optional<Pairing> pairing = currentPairing(context);
        if (form.containsKey("pkf.done")) {
            clearNotes(authSession);
            context.success();
            return;
        }
        // the fresh sign-in is asked to start a pairing; one under way goes on to its end (at most the
        // link's lifetime), so that A can still deny, cancel or see an abort, and approving asks a passkey anyway
        if ((pairing.isEmpty() || form.containsKey("pkf.restart")) && !freshPasskeySignIn(context)) {
            context.challenge(render(context, "pkfErrorAddDeviceNeedsFreshSignIn", null));
            return;
        }
        if (form.containsKey("pkf.restart")) {
            clearNotes(authSession);
            context.challenge(render(context, null, null));
            return;
        }
        if (pairing.isEmpty()) {
            context.challenge(render(context, "pkfErrorPairExpired", null));
            return;
        }
        Pairing p = pairing.get();
        if (form.containsKey("pkf.cancel")) {
            endAndDiscard(context, p, Pairing.State.ABORTED, "cancelled");
            clearNotes(authSession);
            context.cancel();
            return;
        }
        if (form.containsKey("pkf.deny")) {
            endAndDiscard(context, p, Pairing.State.DENIED, "denied");
            event(context, PkfEvent.ADD_DEVICE_DENIED, p).success();
            context.challenge(render(context, null, "pkfInfoPairDenied"));
            return;
        }
        if (form.containsKey("pkf.email")) {
            emailLink(context, p);
            return;
        }
        if (form.containsKey("pkf.code")) {
            code(context, p, form);
            return;
        }
        if (AssertionResponse.present(form) || form.containsKey("error")) {
            approve(context, p, form);
            return;
        }
        context.challenge(render(context, null, null));
    }

    /** A's user types the code B shows. One wrong code ends the pairing. */
    private void code(RequiredActionContext context, Pairing p, MultivaluedMap<String, String> form) {
        if (p.state() != Pairing.State.CODE_READY) {
            context.challenge(render(context, null, null));
            return;
        }
        String typed;
        try {
            typed = FormFields.single(form, "pkf.code", 32);
        } catch (BadInputException e) {
            typed = null;
        }
        String digits = typed == null ? "" : typed.replaceAll("[\\s-]", "");
        if (!digits.matches("\\d{6}") || !p.codeMatches(digits)) {
            LOG.warnf("add-device pairing %s aborted: wrong code typed on device A (user %s)", p.fingerprint(), context.getUser().getId());
            endAndDiscard(context, p, Pairing.State.ABORTED, "wrong_code");
            event(context, PkfEvent.ADD_DEVICE_WRONG_CODE, p).error(Errors.INVALID_CODE);
            context.challenge(render(context, "pkfErrorPairWrongCode", null));
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.setAuthNote(AuthNotes.ADD_CODE, digits);
        authSession.setAuthNote(AuthNotes.ADD_NONCE, Challenges.create());
        context.challenge(render(context, null, null));
    }

    /** The approval: a passkey assertion on A over a challenge that names this pairing, B's passkey and the code. */
    private void approve(RequiredActionContext context, Pairing p, MultivaluedMap<String, String> form) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        UserModel user = context.getUser();
        RealmModel realm = context.getRealm();
        String code = authSession.getAuthNote(AuthNotes.ADD_CODE);
        String nonce = authSession.getAuthNote(AuthNotes.ADD_NONCE);
        if (p.state() != Pairing.State.CODE_READY || code == null || nonce == null || p.pendingId() == null) {
            context.challenge(render(context, null, null));
            return;
        }
        String promptError = form.getFirst("error");
        if (promptError != null && !promptError.isBlank()) {
            context.challenge(render(context, "pkfErrorPasskeyCancelled", null));
            return;
        }
        SignInCeremony.Result result = signIn.check(session, realm, form, approvalChallenge(nonce, p.id(), p.pendingId(), code),
                SignInCeremony.Expectation.account(user, true, p.remainingSeconds(), 0));
        if (result instanceof SignInCeremony.Refused r) {
            event(context, PkfEvent.ADD_DEVICE_APPROVAL_REFUSED, p).detail(PkfEvents.REASON, r.refusal().messageKey())
                    .error(Errors.INVALID_USER_CREDENTIALS);
            // a fresh nonce: a refused assertion never becomes valid by being posted again
            authSession.setAuthNote(AuthNotes.ADD_NONCE, Challenges.create());
            context.challenge(render(context, "pkfErrorPasskeyNotRecognized", null));
            return;
        }
        String approver = ((SignInCeremony.Success) result).passkey().credentialModelId();
        PasskeyRecordStore records = session.getProvider(PasskeyRecordStore.class);
        Optional<PendingPasskey> pending = records.getPending(realm, p.pendingId());
        if (pending.isEmpty() || StoredPasskey.rawIdOf(pending.get().keycloakForm())
                .map(raw -> records.credentialIdInUse(realm, raw)).orElse(true)) {
            endAndDiscard(context, p, Pairing.State.ABORTED, "pending_gone");
            context.challenge(render(context, "pkfErrorPairExpired", null));
            return;
        }
        Enrollment enrollment = p.via() == Pairing.Via.EMAIL_LINK ? Enrollment.EMAIL_LINK : Enrollment.QR_CODE;
        Optional<String> created = PendingPasskeys.activate(session, realm, user, pending.get(), enrollment, approver);
        // the credential is written in this transaction; the pairing's ending claim decides whether it commits
        if (created.isEmpty() || !p.end(session, Pairing.State.APPROVED, null, created.get())) {
            session.getTransactionManager().setRollbackOnly();
            LOG.warnf("add-device pairing %s: approval lost to another request", p.fingerprint());
            context.challenge(render(context, "pkfErrorPairAlreadyEnded", null));
            return;
        }
        authSession.removeAuthNote(AuthNotes.ADD_CODE);
        authSession.removeAuthNote(AuthNotes.ADD_NONCE);
        event(context, PkfEvent.ADD_DEVICE_APPROVED, p).detail(PkfEvents.CREDENTIAL_ID, created.get())
                .detail(PkfEvents.ENROLLMENT, enrollment.name()).success();
        context.challenge(render(context, null, "pkfInfoPairApproved"));
    }

    private void emailLink(RequiredActionContext context, Pairing p) {
        AddDeviceConfig config = AddDeviceConfig.of(context.getConfig());
        UserModel user = context.getUser();
        if (!config.emailLink() || user.getEmail() == null || !user.isEmailVerified()) {
            context.challenge(render(context, "pkfErrorPairNoEmail", null));
            return;
        }
        String ip = Requests.ip(session);
        if (!RateLimit.tryAcquire(session, "pair-mail.user." + user.getId(), config.emailsPerUser(), 900)
                || !RateLimit.tryAcquire(session, "pair-mail.ip." + context.getRealm().getId() + "." + ip, config.emailsPerIp(), 900)) {
            LOG.warnf("add-device link email refused by rate limit for user %s", user.getId());
            context.challenge(render(context, "pkfErrorPairEmailLimit", null));
            return;
        }
        Map<String, Object> mail = Map.of(
                "link", pairingLink(context, p) + "?via=email",
                "expiresInMinutes", Math.max(1, p.remainingSeconds() / 60));
        Notifications.sendAfterCommit(session, context.getRealm(), user, Pages.EMAIL_PAIR_LINK, "pkfEmailPairLinkSubject", mail);
        event(context, PkfEvent.ADD_DEVICE_LINK_EMAILED, p).success();
        context.challenge(render(context, null, "pkfInfoPairEmailSent"));
    }

    private Response render(RequiredActionContext context, String error, String info) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        UserModel user = context.getUser();
        RealmModel realm = context.getRealm();
        AddDeviceConfig config = AddDeviceConfig.of(context.getConfig());
        LoginFormsProvider form = context.form();
        AddDevicePage page;
        Optional<Pairing> current = currentPairing(context);
        if (current.isEmpty() && !freshPasskeySignIn(context)) {
            boolean none = StoredPasskey.of(user).isEmpty();
            page = AddDevicePage.refused(none);
            error = error != null ? error : none ? "pkfErrorAddDeviceNoPasskey" : "pkfErrorAddDeviceNeedsFreshSignIn";
        } else {
            if (current.isEmpty() && authSession.getAuthNote(AuthNotes.ADD_PAIRING) != null) {
                // the pairing this page showed ran out: say so, once, and offer a new one
                PkfEvent.ADD_DEVICE_EXPIRED.from(context.getEvent())
                        .detail(PkfEvents.PAIRING, Secrets.fingerprint(authSession.getAuthNote(AuthNotes.ADD_PAIRING))).success();
                clearNotes(authSession);
                error = error != null ? error : "pkfErrorPairExpired";
            }
            if (current.isEmpty() && info == null && (error == null || !error.equals("pkfErrorPairExpired"))) {
                Pairing started = Pairing.start(session, realm, user.getId(), PasskeySessions.sessionCredential(authSession).orElse(null),
                        Requests.agent(session), Requests.ip(session), config.lifespanSeconds(realm));
                authSession.setAuthNote(AuthNotes.ADD_PAIRING, started.id());
                event(context, PkfEvent.ADD_DEVICE_STARTED, started).success();
                current = Optional.of(started);
            }
            page = current.map(p -> view(context, p, config)).orElse(AddDevicePage.ended("EXPIRED", null));
        }
        form.setAttribute("pkfAdd", PageModel.of(page));
        form.setAttribute("pkfStatusUrl", Links.partUrl(session, realm, ProviderIds.PART_PAIRING_STATUS));
        if (error != null) form.setError(error);
        if (info != null) form.setInfo(info);
        return SecurityHeaders.noFraming(session, form.createForm(Pages.ADD_DEVICE));
    }

    private AddDevicePage view(RequiredActionContext context, Pairing p, AddDeviceConfig config) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String link = pairingLink(context, p);
        long expires = p.expiresAt();
        DeviceComparison comparison = p.state() == Pairing.State.WAITING
                ? new DeviceComparison(p.aAgent(), p.aIp(), p.bAgent(), p.bIp(), p.bOpenedAt())
                : withPlaces(context, p, config);
        return switch (p.state()) {
            case WAITING -> AddDevicePage.waiting(link, QrCode.svg(link, "QR code"), expires,
                    config.emailLink() && context.getUser().getEmail() != null && context.getUser().isEmailVerified());
            case OPENED -> AddDevicePage.opened(comparison, expires);
            case CODE_READY -> {
                String code = authSession.getAuthNote(AuthNotes.ADD_CODE);
                String nonce = authSession.getAuthNote(AuthNotes.ADD_NONCE);
                if (code == null || nonce == null) yield AddDevicePage.askCode(comparison, expires);
                List<Map<String, Object>> allow = StoredPasskey.of(context.getUser()).stream()
                        .map(k -> Map.<String, Object>of("id", CredentialIds.base64Url(k.rawId()),
                                "transports", k.transports().stream().sorted().toList())).toList();
                PageData data = new PageData()
                        .put("challenge", approvalChallenge(nonce, p.id(), p.pendingId(), code))
                        .put("rpId", RelyingParty.of(session).id())
                        .put("userVerification", "required")
                        .put("timeout", APPROVAL_TIMEOUT_MILLIS)
                        .put("allowCredentials", allow);
                yield AddDevicePage.approve(comparison, expires, data.json());
            }
            case APPROVED, DENIED, ABORTED -> AddDevicePage.ended(p.state().name(), p.endReason());
        };
    }

    private Optional<Pairing> currentPairing(RequiredActionContext context) {
        String id = context.getAuthenticationSession().getAuthNote(AuthNotes.ADD_PAIRING);
        // a pairing belongs to the account that started it
        return Pairing.load(session, context.getRealm(), id).filter(x -> x.userId().equals(context.getUser().getId()));
    }

    private void endAndDiscard(RequiredActionContext context, Pairing p, Pairing.State ending, String reason) {
        if (p.end(session, ending, reason, null) && p.pendingId() != null) {
            session.getProvider(PasskeyRecordStore.class).removePending(context.getRealm(), p.pendingId());
        }
        if (ending == Pairing.State.ABORTED) event(context, PkfEvent.ADD_DEVICE_ABORTED, p).detail(PkfEvents.REASON, reason).success();
    }

    private DeviceComparison withPlaces(RequiredActionContext context, Pairing p, AddDeviceConfig config) {
        String language = session.getContext().resolveLocale(context.getUser()).getLanguage();
        String db = config.geoIpDatabase();
        return new DeviceComparison(p.aAgent(), p.aIp(), p.bAgent(), p.bIp(), p.bOpenedAt(),
                GeoIp.place(db, p.aIp(), language).orElse(null), GeoIp.place(db, p.bIp(), language).orElse(null));
    }

    /** Adding a device needs a passkey sign-in on this device within the configured age (DESIGN §5). */
    private boolean freshPasskeySignIn(RequiredActionContext context) {
        if (StoredPasskey.of(context.getUser()).isEmpty()) return false;
        return PasskeySessions.recentPasskeySignIn(session, context.getRealm(), context.getAuthenticationSession(),
                AddDeviceConfig.of(context.getConfig()).maxPasskeyAgeSeconds());
    }

    static String approvalChallenge(String nonce, String pairingId, String pendingId, String code) {
        return Secrets.sha256("pkf-approve-device|" + nonce + "|" + pairingId + "|" + pendingId + "|" + code);
    }

    private String pairingLink(RequiredActionContext context, Pairing p) {
        return Links.url(session, context.getRealm(), ProviderIds.PART_PAIR, p.id());
    }

    private EventBuilder event(RequiredActionContext context, PkfEvent action, Pairing p) {
        return action.from(context.getEvent()).detail(PkfEvents.PAIRING, p.fingerprint());
    }

    private static void clearNotes(AuthenticationSessionModel authSession) {
        authSession.removeAuthNote(AuthNotes.ADD_PAIRING);
        authSession.removeAuthNote(AuthNotes.ADD_CODE);
        authSession.removeAuthNote(AuthNotes.ADD_NONCE);
    }
}
