package dev.passkeyfirst.keycloak.enroll;

import dev.passkeyfirst.keycloak.common.AccountConsole;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.common.PageData;
import dev.passkeyfirst.keycloak.common.PasskeySessions;
import dev.passkeyfirst.keycloak.common.RateLimit;
import dev.passkeyfirst.keycloak.common.SecurityHeaders;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.model.Enrollment;
import dev.passkeyfirst.keycloak.model.PasskeyRecord;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.model.PasskeyUse;
import dev.passkeyfirst.keycloak.model.PendingPasskey;
import dev.passkeyfirst.keycloak.notify.Notifications;
import dev.passkeyfirst.keycloak.util.CredentialIds;
import dev.passkeyfirst.keycloak.util.UserAgents;
import dev.passkeyfirst.keycloak.webauthn.AssertionResponse;
import dev.passkeyfirst.keycloak.webauthn.BadInputException;
import dev.passkeyfirst.keycloak.webauthn.Challenges;
import dev.passkeyfirst.keycloak.webauthn.FormFields;
import dev.passkeyfirst.keycloak.webauthn.PasskeyVerifier;
import dev.passkeyfirst.keycloak.webauthn.RelyingParty;
import dev.passkeyfirst.keycloak.webauthn.StoredPasskey;
import dev.passkeyfirst.keycloak.webauthn.VerificationFailedException;
import dev.passkeyfirst.keycloak.webauthn.VerifiedAssertion;
import org.jboss.logging.Logger;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.common.util.Time;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * "Add another device", on the device the user is signed in on (device A). It shows a QR code and
 * link (and can email the link), waits for the other device (B) to create its passkey, asks for the
 * code B shows (A never receives it), shows who B is beside who A is, and approves with a fresh
 * passkey assertion whose challenge binds the pairing, B's pending passkey and the code. Only then
 * does B's passkey become a Keycloak credential.
 */
public class AddDeviceAction implements RequiredActionProvider {

    private static final Logger LOG = Logger.getLogger(AddDeviceAction.class);

    static final String TEMPLATE = "pkf-add-device.ftl";
    static final String NOTE_PAIRING = "pkf.add.pairing";
    static final String NOTE_CODE = "pkf.add.code";
    static final String NOTE_NONCE = "pkf.add.nonce";

    private final KeycloakSession session;
    private final PasskeyVerifier verifier;

    public AddDeviceAction(KeycloakSession session, PasskeyVerifier verifier) {
        this.session = session;
        this.verifier = verifier;
    }

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        context.challenge(render(context, null, null));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (!freshPasskeySignIn(context)) {
            context.challenge(render(context, "pkfErrorAddDeviceNeedsFreshSignIn", null));
            return;
        }
        Optional<Pairing> pairing = currentPairing(context);
        if (form.containsKey("pkf.done")) {
            clearNotes(authSession);
            context.success();
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
            event(context, "add_device_denied", p).success();
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
            LOG.warnf("add-device pairing %s aborted: wrong code typed on device A (user %s)", p.id(), context.getUser().getId());
            endAndDiscard(context, p, Pairing.State.ABORTED, "wrong_code");
            event(context, "add_device_wrong_code", p).error(Errors.INVALID_CODE);
            context.challenge(render(context, "pkfErrorPairWrongCode", null));
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.setAuthNote(NOTE_CODE, digits);
        authSession.setAuthNote(NOTE_NONCE, Challenges.create());
        context.challenge(render(context, null, null));
    }

    /** The approval: a passkey assertion on A over a challenge that names this pairing, B's passkey and the code. */
    private void approve(RequiredActionContext context, Pairing p, MultivaluedMap<String, String> form) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        UserModel user = context.getUser();
        RealmModel realm = context.getRealm();
        String code = authSession.getAuthNote(NOTE_CODE);
        String nonce = authSession.getAuthNote(NOTE_NONCE);
        if (p.state() != Pairing.State.CODE_READY || code == null || nonce == null || p.pendingId() == null) {
            context.challenge(render(context, null, null));
            return;
        }
        String promptError = form.getFirst("error");
        if (promptError != null && !promptError.isBlank()) {
            context.challenge(render(context, "pkfErrorPasskeyCancelled", null));
            return;
        }
        AssertionResponse response;
        try {
            response = AssertionResponse.parse(form);
        } catch (BadInputException e) {
            refuseApproval(context, p, e.getMessage());
            return;
        }
        String challenge = approvalChallenge(nonce, p.id(), p.pendingId(), code);
        List<StoredPasskey> passkeys = StoredPasskey.of(user);
        Optional<StoredPasskey> used = passkeys.stream().filter(k -> java.util.Arrays.equals(k.rawId(), response.credentialId())).findFirst();
        if (used.isEmpty()) {
            refuseApproval(context, p, "approval assertion names no passkey of this account");
            return;
        }
        if (response.userHandle() != null && !java.util.Arrays.equals(response.userHandle(), user.getId().getBytes(StandardCharsets.UTF_8))) {
            refuseApproval(context, p, "approval assertion from another account");
            return;
        }
        PasskeyRecordStore records = session.getProvider(PasskeyRecordStore.class);
        Optional<PasskeyRecord> record = records.get(realm, used.get().credentialModelId());
        long knownSignCount = Math.max(used.get().data().getCounter(), record.map(PasskeyRecord::signCount).orElse(0L));
        VerifiedAssertion verified;
        try {
            verified = verifier.verify(response, used.get(), record.map(PasskeyRecord::backupEligible).orElse(null), knownSignCount,
                    RelyingParty.of(session), challenge, true, passkeys.stream().map(StoredPasskey::rawId).toList());
        } catch (VerificationFailedException e) {
            refuseApproval(context, p, e.getMessage());
            return;
        }
        if (!Challenges.claim(session, challenge, p.remainingSeconds())) {
            refuseApproval(context, p, "approval already used");
            return;
        }
        // an approval is a use of A's passkey: its counter moves on, as after a sign-in
        records.recordUse(realm, new PasskeyUse(used.get().credentialModelId(), user.getId(), CredentialIds.hash(used.get().rawId()),
                used.get().data().getAaguid(), used.get().transports(), verified.backupEligible(), verified.backupState(),
                UserAgents.summarize(userAgent()).text(),
                context.getConnection().getRemoteAddr(), null, Time.currentTimeMillis(), verified.signCount()), 0);
        Optional<PendingPasskey> pending = records.getPending(realm, p.pendingId());
        if (pending.isEmpty() || records.credentialIdInUse(realm, CredentialIds.fromKeycloakForm(credentialIdOf(pending.get())))) {
            endAndDiscard(context, p, Pairing.State.ABORTED, "pending_gone");
            context.challenge(render(context, "pkfErrorPairExpired", null));
            return;
        }
        Enrollment enrollment = p.via() == Pairing.Via.EMAIL_LINK ? Enrollment.EMAIL_LINK : Enrollment.QR_CODE;
        Optional<String> created = PendingActivation.activate(session, realm, user, pending.get(), enrollment,
                used.get().credentialModelId(), AccountConsole.url(session, realm));
        // the credential is written in this transaction; the pairing's ending claim decides whether it commits
        if (created.isEmpty() || !p.end(session, Pairing.State.APPROVED, null, created.get())) {
            session.getTransactionManager().setRollbackOnly();
            LOG.warnf("add-device pairing %s: approval lost to another request", p.id());
            context.challenge(render(context, "pkfErrorPairAlreadyEnded", null));
            return;
        }
        authSession.removeAuthNote(NOTE_CODE);
        authSession.removeAuthNote(NOTE_NONCE);
        event(context, "add_device_approved", p).detail(PkfEvents.CREDENTIAL_ID, created.get())
                .detail(PkfEvents.ENROLLMENT, enrollment.name()).success();
        context.getEvent().clone().event(EventType.UPDATE_CREDENTIAL).detail(PkfEvents.ACTION, PkfEvents.PASSKEY_ADDED)
                .detail(PkfEvents.CREDENTIAL_ID, created.get()).detail(PkfEvents.ENROLLMENT, enrollment.name()).success();
        context.challenge(render(context, null, "pkfInfoPairApproved"));
    }

    private void refuseApproval(RequiredActionContext context, Pairing p, String reason) {
        LOG.warnf("add-device approval refused for pairing %s: %s", p.id(), reason);
        event(context, "add_device_approval_refused", p).detail(PkfEvents.REASON, reason).error(Errors.INVALID_USER_CREDENTIALS);
        // a fresh nonce: a refused assertion never becomes valid by being posted again
        context.getAuthenticationSession().setAuthNote(NOTE_NONCE, Challenges.create());
        context.challenge(render(context, "pkfErrorPasskeyNotRecognized", null));
    }

    private void emailLink(RequiredActionContext context, Pairing p) {
        AddDeviceConfig config = AddDeviceConfig.of(context.getConfig());
        UserModel user = context.getUser();
        if (!config.emailLink() || user.getEmail() == null || !user.isEmailVerified()) {
            context.challenge(render(context, "pkfErrorPairNoEmail", null));
            return;
        }
        String ip = context.getConnection().getRemoteAddr();
        if (!RateLimit.tryAcquire(session, "pair-mail.user." + user.getId(), config.emailsPerUser(), 900)
                || !RateLimit.tryAcquire(session, "pair-mail.ip." + context.getRealm().getId() + "." + ip, config.emailsPerIp(), 900)) {
            LOG.warnf("add-device link email refused by rate limit for user %s", user.getId());
            context.challenge(render(context, "pkfErrorPairEmailLimit", null));
            return;
        }
        Map<String, Object> mail = new HashMap<>();
        mail.put("link", pairingLink(context, p) + "?via=email");
        mail.put("expiresInMinutes", Math.max(1, p.remainingSeconds() / 60));
        Notifications.sendAfterCommit(session, context.getRealm(), user, "pkf-pair-link.ftl", "pkfEmailPairLinkSubject", mail);
        event(context, "add_device_link_emailed", p).success();
        context.challenge(render(context, null, "pkfInfoPairEmailSent"));
    }

    private Response render(RequiredActionContext context, String error, String info) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        UserModel user = context.getUser();
        RealmModel realm = context.getRealm();
        AddDeviceConfig config = AddDeviceConfig.of(context.getConfig());
        LoginFormsProvider form = context.form();
        AddDevicePage page;
        if (!freshPasskeySignIn(context)) {
            page = AddDevicePage.refused(StoredPasskey.of(user).isEmpty());
            error = error != null ? error : StoredPasskey.of(user).isEmpty() ? "pkfErrorAddDeviceNoPasskey" : "pkfErrorAddDeviceNeedsFreshSignIn";
        } else {
            Optional<Pairing> current = currentPairing(context);
            if (current.isEmpty() && authSession.getAuthNote(NOTE_PAIRING) != null) {
                // the pairing this page showed ran out: say so, once, and offer a new one
                context.getEvent().clone().event(EventType.CUSTOM_REQUIRED_ACTION).detail(PkfEvents.ACTION, "add_device_expired")
                        .detail("pkf_pairing", authSession.getAuthNote(NOTE_PAIRING)).success();
                clearNotes(authSession);
                error = error != null ? error : "pkfErrorPairExpired";
            }
            if (current.isEmpty() && info == null && (error == null || !error.equals("pkfErrorPairExpired"))) {
                String credential = authSession.getUserSessionNotes().get(dev.passkeyfirst.keycloak.login.PasskeyLoginAuthenticator.NOTE_CREDENTIAL);
                Pairing started = Pairing.start(session, realm, user.getId(), credential,
                        UserAgents.summarize(userAgent()).text(), context.getConnection().getRemoteAddr(), config.lifespanSeconds(realm));
                authSession.setAuthNote(NOTE_PAIRING, started.id());
                event(context, "add_device_started", started).success();
                current = Optional.of(started);
            }
            page = current.map(p -> view(context, p, config)).orElse(AddDevicePage.ended("EXPIRED", null));
        }
        form.setAttribute("pkfAdd", page);
        if (error != null) form.setError(error);
        if (info != null) form.setInfo(info);
        return SecurityHeaders.noFraming(session, form.createForm(TEMPLATE));
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
                String code = authSession.getAuthNote(NOTE_CODE);
                String nonce = authSession.getAuthNote(NOTE_NONCE);
                if (code == null || nonce == null) yield AddDevicePage.askCode(comparison, expires);
                List<Map<String, Object>> allow = new ArrayList<>();
                StoredPasskey.of(context.getUser()).forEach(k -> allow.add(Map.of("id", CredentialIds.base64Url(k.rawId()),
                        "transports", k.transports().stream().sorted().toList())));
                PageData data = new PageData()
                        .put("challenge", approvalChallenge(nonce, p.id(), p.pendingId(), code))
                        .put("rpId", RelyingParty.of(session).id())
                        .put("userVerification", "required")
                        .put("timeout", 120_000)
                        .put("allowCredentials", allow);
                yield AddDevicePage.approve(comparison, expires, data.json());
            }
            case APPROVED, DENIED, ABORTED -> AddDevicePage.ended(p.state().name(), p.endReason());
        };
    }

    private Optional<Pairing> currentPairing(RequiredActionContext context) {
        String id = context.getAuthenticationSession().getAuthNote(NOTE_PAIRING);
        if (id == null) return Optional.empty();
        Optional<Pairing> p = Pairing.load(session, context.getRealm(), id);
        // a pairing belongs to the account that started it
        return p.filter(x -> x.userId().equals(context.getUser().getId()));
    }

    private void endAndDiscard(RequiredActionContext context, Pairing p, Pairing.State ending, String reason) {
        if (p.end(session, ending, reason, null) && p.pendingId() != null) {
            session.getProvider(PasskeyRecordStore.class).removePending(context.getRealm(), p.pendingId());
        }
        if (ending == Pairing.State.ABORTED) event(context, "add_device_aborted", p).detail(PkfEvents.REASON, reason).success();
    }

    private DeviceComparison withPlaces(RequiredActionContext context, Pairing p, AddDeviceConfig config) {
        String language = session.getContext().resolveLocale(context.getUser()).getLanguage();
        String db = config.geoIpDatabase();
        return new DeviceComparison(p.aAgent(), p.aIp(), p.bAgent(), p.bIp(), p.bOpenedAt(),
                GeoIp.place(db, p.aIp(), language).orElse(null), GeoIp.place(db, p.bIp(), language).orElse(null));
    }

    /** Adding a device needs a passkey sign-in on this device within the configured age (DESIGN §5). */
    boolean freshPasskeySignIn(RequiredActionContext context) {
        if (StoredPasskey.of(context.getUser()).isEmpty()) return false;
        int maxAge = AddDeviceConfig.of(context.getConfig()).maxPasskeyAgeSeconds();
        return PasskeySessions.lastPasskeySignIn(session, context.getRealm(), context.getAuthenticationSession())
                .stream().anyMatch(t -> Time.currentTime() - t <= maxAge);
    }

    static String approvalChallenge(String nonce, String pairingId, String pendingId, String code) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(("pkf-approve-device|" + nonce + "|" + pairingId + "|" + pendingId + "|" + code).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The WebAuthn credential id inside a pending passkey's Keycloak-format data. */
    static String credentialIdOf(PendingPasskey pending) {
        org.keycloak.credential.CredentialModel c = new org.keycloak.credential.CredentialModel();
        c.setType(WebAuthnCredentialModel.TYPE_PASSWORDLESS);
        c.setCredentialData(pending.credentialData());
        c.setSecretData(pending.secretData());
        return WebAuthnCredentialModel.createFromCredentialModel(c).getWebAuthnCredentialData().getCredentialId();
    }

    private String pairingLink(RequiredActionContext context, Pairing p) {
        return session.getContext().getUri().getBaseUriBuilder().path("realms").path(context.getRealm().getName())
                .path("passkey-first").path("pair").path(p.id()).build().toString();
    }

    private EventBuilder event(RequiredActionContext context, String action, Pairing p) {
        return context.getEvent().clone().event(EventType.CUSTOM_REQUIRED_ACTION)
                .detail(PkfEvents.ACTION, action).detail("pkf_pairing", p.id());
    }

    private static void clearNotes(AuthenticationSessionModel authSession) {
        authSession.removeAuthNote(NOTE_PAIRING);
        authSession.removeAuthNote(NOTE_CODE);
        authSession.removeAuthNote(NOTE_NONCE);
    }

    private String userAgent() {
        return session.getContext().getRequestHeaders().getHeaderString("User-Agent");
    }

    @Override
    public void close() {
    }
}
