package dev.passkeyfirst.keycloak.recovery;

import dev.passkeyfirst.keycloak.account.RecoveryCodes;
import dev.passkeyfirst.keycloak.common.FormGuard;
import java.text.DateFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.account.Recoveries;
import dev.passkeyfirst.keycloak.ceremony.CreationOptions;
import dev.passkeyfirst.keycloak.ceremony.PasskeyRemoval;
import dev.passkeyfirst.keycloak.ceremony.PasskeyPolicyConfig;
import dev.passkeyfirst.keycloak.ceremony.PendingPasskeys;
import dev.passkeyfirst.keycloak.ceremony.RegistrationAction;
import dev.passkeyfirst.keycloak.ceremony.RegistrationCeremony;
import dev.passkeyfirst.keycloak.ceremony.RecoveryReview;
import dev.passkeyfirst.keycloak.common.PageModel;
import dev.passkeyfirst.keycloak.common.RateLimit;
import dev.passkeyfirst.keycloak.common.Requests;
import dev.passkeyfirst.keycloak.common.SecurityHeaders;
import dev.passkeyfirst.keycloak.events.PkfEvent;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.model.PendingPasskey;
import dev.passkeyfirst.keycloak.session.FallbackSessions;
import dev.passkeyfirst.keycloak.util.LogSafe;
import dev.passkeyfirst.keycloak.util.Secrets;
import dev.passkeyfirst.keycloak.vocabulary.AuthNotes;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.keycloak.webauthn.BadInputException;
import dev.passkeyfirst.keycloak.webauthn.FormFields;
import dev.passkeyfirst.keycloak.webauthn.StoredPasskey;
import org.jboss.logging.Logger;
import org.keycloak.WebAuthnConstants;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.common.util.Time;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import com.webauthn4j.verifier.attestation.trustworthiness.certpath.CertPathTrustworthinessVerifier;

/**
 * The recovery after its first proof, wherever that came from (a recovery code on the "Lost your
 * device?" page, or the email link confirmed in this browser): further proofs as the realm's preset
 * asks (an SMS code, an emailed code, a recovery code), then a new passkey through the registration
 * pipeline that works at once or after the waiting period, then a review of what the account holds.
 * At every step it checks that the account's recoveries were not ended meanwhile ("this wasn't me",
 * a cancel from a device): then this one stops too. The session this ends in is a fallback session:
 * Keycloak's own level checks keep it from removing passkeys, our steps keep it from adding any,
 * and it gets no offline token.
 */
public class RecoverAction extends RegistrationAction {

    private static final Logger LOG = Logger.getLogger(RecoverAction.class);
    /** How long a recovered passkey may wait, unactivated, after it was due. */
    private static final long PENDING_KEEP_MILLIS = 7L * 24 * 3600 * 1000;

    public RecoverAction(KeycloakSession session, CertPathTrustworthinessVerifier trust, RegistrationCeremony registration) {
        super(session, trust, registration);
    }

    /**
     * Hands a recovery over to this step after a proof; the first proof fixes the account's recovery
     * epoch this recovery belongs to.
     */
    static void start(AuthenticationSessionModel authSession, String epoch, Proof proof, List<String> newCodes) {
        Set<Proof> proofs = Proof.parse(authSession.getAuthNote(AuthNotes.RECOVER_PROOFS));
        proofs.add(proof);
        authSession.setAuthNote(AuthNotes.RECOVER_PROOFS, Proof.format(proofs));
        if (epoch != null && authSession.getAuthNote(AuthNotes.RECOVER_EPOCH) == null) authSession.setAuthNote(AuthNotes.RECOVER_EPOCH, epoch);
        if (newCodes != null) authSession.setAuthNote(AuthNotes.RECOVER_NEW_CODES, String.join(",", newCodes));
        authSession.addRequiredAction(ProviderIds.RECOVER);
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if (Proof.parse(context.getAuthenticationSession().getAuthNote(AuthNotes.RECOVER_PROOFS)).isEmpty()) {
            // reached without any proof (an admin added the action by hand): nothing to recover here
            context.success();
            return;
        }
        if (stopped(context)) return;
        context.challenge(render(context, null));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        RecoveryConfig config = RecoveryConfig.of(context.getRealm());
        Set<Proof> proofs = Proof.parse(authSession.getAuthNote(AuthNotes.RECOVER_PROOFS));
        if (proofs.isEmpty()) {
            context.success();
            return;
        }
        if (stopped(context)) return;
        // the review's checkboxes are the one field a page of ours repeats
        if (FormGuard.problem(form, Set.of("remove")) != null) {
            context.challenge(render(context, "pkfErrorFormInvalid"));
            return;
        }
        try {
            if (form.containsKey("pkf.codesSaved")) {
                authSession.removeAuthNote(AuthNotes.RECOVER_NEW_CODES);
            } else if (form.containsKey("pkf.method")) {
                chooseMethod(context, config, FormFields.single(form, "pkf.method", 16));
            } else if (form.containsKey("pkf.otp")) {
                if (!otp(context, config, FormFields.single(form, "pkf.otp", 64))) return;
            } else if (form.containsKey("pkf.wait")) {
                if (decision(context, config).mayWait()) authSession.setAuthNote(AuthNotes.RECOVER_WAIT, "true");
            } else if (form.containsKey(WebAuthnConstants.ATTESTATION_OBJECT) || form.containsKey(WebAuthnConstants.ERROR)) {
                if (!createPasskey(context, config)) return;
            } else if (form.containsKey("pkf.review") && authSession.getAuthNote(AuthNotes.RECOVER_ACTIVATED) != null) {
                removeLost(context, form.get("remove"));
                finish(context, proofs);
                return;
            } else if (form.containsKey("pkf.done") && authSession.getAuthNote(AuthNotes.RECOVER_PENDING) != null) {
                finish(context, proofs);
                return;
            }
        } catch (BadInputException e) {
            LOG.warnf("recovery: malformed input: %s", LogSafe.text(e.getMessage()));
            context.challenge(render(context, "pkfErrorRecoveryInput"));
            return;
        }
        context.challenge(render(context, null));
    }

    private void chooseMethod(RequiredActionContext context, RecoveryConfig config, String method) {
        UserModel user = context.getUser();
        RealmModel realm = context.getRealm();
        Proof proof = Proof.parse(method).stream().findFirst().orElse(null);
        RecoveryPolicy.Decision d = decision(context, config);
        if (proof == null || !d.offer().contains(proof)) return;
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.setAuthNote(AuthNotes.RECOVER_METHOD, proof.name());
        if (proof == Proof.CODE) return;
        String code = Secrets.digits(6);
        authSession.setAuthNote(AuthNotes.RECOVER_OTP, hash(authSession, code));
        authSession.setAuthNote(AuthNotes.RECOVER_OTP_EXPIRES, Long.toString(Time.currentTimeMillis() + config.codeMinutes() * 60_000L));
        if (!RecoveryMessages.withinLimits(session, realm, user, config)) {
            // dropped silently: the page is the same; the code just never arrives
            LOG.warnf("recovery: message limit reached for user %s", user.getId());
            return;
        }
        if (proof == Proof.SMS) {
            AccountProofs.phone(user).ifPresent(phone -> RecoveryMessages.sendSms(session, phone,
                    realm.getDisplayName() != null ? realm.getDisplayName() + ": " + code : code, config));
        } else {
            RecoveryMessages.sendEmailCode(session, realm, user, code, config);
        }
    }

    /** @return false when it already answered */
    private boolean otp(RequiredActionContext context, RecoveryConfig config, String typed) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        Proof method = Proof.parse(authSession.getAuthNote(AuthNotes.RECOVER_METHOD)).stream().findFirst().orElse(null);
        if (method == null) return true;
        UserModel user = context.getUser();
        if (!RateLimit.tryAcquire(session, "recovery.otp." + method + "." + user.getId(), config.attempts(), 3600)) {
            context.challenge(render(context, "pkfErrorRecoveryTooManyAttempts"));
            return false;
        }
        boolean ok;
        List<String> renewed = null;
        if (method == Proof.CODE) {
            Optional<List<String>> redeemed = RecoveryCodes.redeem(session, user, typed);
            ok = redeemed.isPresent();
            renewed = redeemed.orElse(null);
        } else {
            String expected = authSession.getAuthNote(AuthNotes.RECOVER_OTP);
            String expires = authSession.getAuthNote(AuthNotes.RECOVER_OTP_EXPIRES);
            String digits = typed == null ? "" : typed.replaceAll("[\\s-]", "");
            ok = expected != null && expires != null && Long.parseLong(expires) >= Time.currentTimeMillis() && digits.matches("\\d{6}")
                    && Secrets.equal(hash(authSession, digits), expected);
            // an emailed or texted code proves once: a second post of it finds no code to match
            if (ok) authSession.removeAuthNote(AuthNotes.RECOVER_OTP);
        }
        if (!ok) {
            PkfEvent.RECOVERY_CODE_REFUSED.from(context.getEvent()).detail(PkfEvents.PROOF, method.name()).error(Errors.INVALID_CODE);
            context.challenge(render(context, "pkfErrorRecoveryCode"));
            return false;
        }
        authSession.removeAuthNote(AuthNotes.RECOVER_METHOD);
        authSession.removeAuthNote(AuthNotes.RECOVER_OTP);
        authSession.removeAuthNote(AuthNotes.RECOVER_OTP_EXPIRES);
        start(authSession, null, method, renewed);
        PkfEvent.RECOVERY_PROOF.from(context.getEvent()).detail(PkfEvents.PROOF, method.name()).success();
        return true;
    }

    /** @return false when it already answered */
    private boolean createPasskey(RequiredActionContext context, RecoveryConfig config) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        RecoveryPolicy.Outcome outcome = outcome(context, config);
        if (outcome == RecoveryPolicy.Outcome.NEED_MORE || authSession.getAuthNote(AuthNotes.RECOVER_ACTIVATED) != null
                || authSession.getAuthNote(AuthNotes.RECOVER_PENDING) != null) {
            return true;
        }
        long now = Time.currentTimeMillis();
        Long activateAt = outcome == RecoveryPolicy.Outcome.AFTER_WAITING ? now + config.waitingMinutes() * 60_000L : null;
        long expiresAt = (activateAt != null ? activateAt : now) + PENDING_KEEP_MILLIS;
        RegistrationCeremony.Result result = register(context, new RegistrationCeremony.Request(user,
                authSession.getAuthNote(WebAuthnConstants.AUTH_CHALLENGE_NOTE),
                new RegistrationCeremony.Hold(PendingPasskey.Purpose.RECOVERY, "recovery-" + authSession.getParentSession().getId(),
                        expiresAt, activateAt), context.getEvent()));
        if (result instanceof RegistrationCeremony.Cancelled) {
            context.challenge(render(context, "pkfErrorCreateCancelled"));
            return false;
        }
        if (result instanceof RegistrationCeremony.Refused refused) {
            context.challenge(render(context, refused.refusal().messageKey()));
            return false;
        }
        PendingPasskey pending = ((RegistrationCeremony.Held) result).pending();
        String agent = Requests.agent(session);
        Set<Proof> proofs = Proof.parse(authSession.getAuthNote(AuthNotes.RECOVER_PROOFS));
        if (activateAt == null) {
            Optional<String> credential = PendingPasskeys.activateRecovered(session, realm, user, pending);
            if (credential.isEmpty()) {
                context.challenge(render(context, "pkfErrorCreateFailed"));
                return false;
            }
            authSession.setAuthNote(AuthNotes.RECOVER_ACTIVATED, credential.get());
            RecoveryReview.started(realm, user, credential.get());
            RecoveryMessages.sendNotice(session, realm, user, null, credential.get(), null, agent);
            PkfEvent.RECOVERY_COMPLETED.from(context.getEvent()).detail(PkfEvents.CREDENTIAL_ID, credential.get())
                    .detail(PkfEvents.PROOFS, Proof.format(proofs)).success();
        } else {
            authSession.setAuthNote(AuthNotes.RECOVER_PENDING, pending.id());
            RecoveryMessages.sendNotice(session, realm, user, pending.id(), null, activateAt, agent);
            PkfEvent.RECOVERY_WAITING.from(context.getEvent()).detail(PkfEvents.PENDING, pending.id())
                    .detail(PkfEvents.PROOFS, Proof.format(proofs)).detail(PkfEvents.ACTIVE_FROM, Long.toString(activateAt)).success();
        }
        return true;
    }

    /** "Lost passkeys may be removed": only the account's own passkeys, never the one just recovered. */
    private void removeLost(RequiredActionContext context, List<String> ids) {
        if (ids == null) return;
        UserModel user = context.getUser();
        String recovered = context.getAuthenticationSession().getAuthNote(AuthNotes.RECOVER_ACTIVATED);
        Set<String> passkeys = new HashSet<>();
        StoredPasskey.of(user).forEach(p -> passkeys.add(p.credentialModelId()));
        for (String id : new HashSet<>(ids)) {
            if (id == null || id.equals(recovered) || !passkeys.contains(id)) continue;
            // every removal is told to the owner, here as on the passkeys page (DESIGN §5)
            if (PasskeyRemoval.remove(session, context.getRealm(), user, id).isPresent()) {
                PkfEvent.PASSKEY_REMOVED_AT_RECOVERY.from(context.getEvent()).detail(PkfEvents.CREDENTIAL_ID, id).success();
            }
        }
    }

    private void finish(RequiredActionContext context, Set<Proof> proofs) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String activated = authSession.getAuthNote(AuthNotes.RECOVER_ACTIVATED);
        if (activated != null) RecoveryReview.done(context.getUser(), activated);
        FallbackSessions.mark(authSession, Proof.format(proofs));
        for (String note : List.of(AuthNotes.RECOVER_PROOFS, AuthNotes.RECOVER_EPOCH, AuthNotes.RECOVER_NEW_CODES, AuthNotes.RECOVER_METHOD, AuthNotes.RECOVER_OTP, AuthNotes.RECOVER_OTP_EXPIRES, AuthNotes.RECOVER_WAIT, AuthNotes.RECOVER_ACTIVATED, AuthNotes.RECOVER_PENDING)) {
            authSession.removeAuthNote(note);
        }
        context.success();
    }

    /**
     * Whether the account's recoveries were ended since this one began ("this wasn't me", a cancel
     * from one of the owner's devices), or the account was frozen or disabled: then this recovery
     * stops here, whatever step it was at, and says so.
     */
    private boolean stopped(RequiredActionContext context) {
        UserModel user = context.getUser();
        String epoch = context.getAuthenticationSession().getAuthNote(AuthNotes.RECOVER_EPOCH);
        if (!Recoveries.frozen(user) && epoch != null && Recoveries.mayContinue(user, epoch)) return false;
        PkfEvent.RECOVERY_REFUSED.from(context.getEvent()).error(Errors.NOT_ALLOWED);
        LOG.warnf("recovery of user %s stopped: the account's recoveries were ended", user.getId());
        for (String note : List.of(AuthNotes.RECOVER_NEW_CODES, AuthNotes.RECOVER_METHOD, AuthNotes.RECOVER_OTP, AuthNotes.RECOVER_OTP_EXPIRES,
                AuthNotes.RECOVER_WAIT, AuthNotes.RECOVER_ACTIVATED, AuthNotes.RECOVER_PENDING)) {
            context.getAuthenticationSession().removeAuthNote(note);
        }
        context.challenge(SecurityHeaders.noFraming(session, context.form()
                .setAttribute("pkfRecover", PageModel.of(view("stopped", RecoveryConfig.of(context.getRealm())).build()))
                .setAttribute("pkfAccount", user.getUsername())
                .setError("pkfErrorRecoveryStopped").createForm(Pages.RECOVER)));
        return true;
    }

    private RecoveryPolicy.Decision decision(RequiredActionContext context, RecoveryConfig config) {
        return RecoveryPolicy.decide(config.strict(), config.waitingMinutes(), AccountProofs.available(context.getUser(), config),
                Proof.parse(context.getAuthenticationSession().getAuthNote(AuthNotes.RECOVER_PROOFS)));
    }

    private RecoveryPolicy.Outcome outcome(RequiredActionContext context, RecoveryConfig config) {
        RecoveryPolicy.Decision d = decision(context, config);
        if (d.outcome() == RecoveryPolicy.Outcome.NEED_MORE && d.mayWait() && "true".equals(context.getAuthenticationSession().getAuthNote(AuthNotes.RECOVER_WAIT))) {
            return config.waitingMinutes() > 0 ? RecoveryPolicy.Outcome.AFTER_WAITING : RecoveryPolicy.Outcome.ACTIVE_NOW;
        }
        return d.outcome();
    }

    private Response render(RequiredActionContext context, String error) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        RecoveryConfig config = RecoveryConfig.of(realm);
        String masked = AccountProofs.phone(user).map(AccountProofs::maskedPhone).orElse(null);
        RecoverPage page;
        String codes = authSession.getAuthNote(AuthNotes.RECOVER_NEW_CODES);
        if (codes != null) {
            page = view("codes", config).codes(Arrays.asList(codes.split(","))).build();
        } else if (authSession.getAuthNote(AuthNotes.RECOVER_ACTIVATED) != null) {
            String recovered = authSession.getAuthNote(AuthNotes.RECOVER_ACTIVATED);
            List<RecoverPage.Passkey> others = new ArrayList<>();
            DateFormat format = DateFormat.getDateInstance(DateFormat.MEDIUM, session.getContext().resolveLocale(user));
            StoredPasskey.of(user).stream().filter(p -> !p.credentialModelId().equals(recovered))
                    .forEach(p -> others.add(new RecoverPage.Passkey(p.credentialModelId(), p.model().getUserLabel(),
                            p.model().getCreatedDate() == null ? "" : format.format(new Date(p.model().getCreatedDate())))));
            List<String> idps = session.users().getFederatedIdentitiesStream(realm, user).map(l -> l.getIdentityProvider()).toList();
            page = view("review", config).others(others).idps(idps).build();
        } else if (authSession.getAuthNote(AuthNotes.RECOVER_PENDING) != null) {
            long from = Recoveries.waiting(session, realm, user).stream()
                    .filter(p -> p.id().equals(authSession.getAuthNote(AuthNotes.RECOVER_PENDING))).map(p -> p.activateAt()).findFirst().orElse(0L);
            page = view("waiting", config).activeFrom(from).build();
        } else if (authSession.getAuthNote(AuthNotes.RECOVER_METHOD) != null) {
            page = view("otp-" + authSession.getAuthNote(AuthNotes.RECOVER_METHOD).toLowerCase(Locale.ROOT), config).phone(masked).build();
        } else {
            RecoveryPolicy.Outcome outcome = outcome(context, config);
            if (outcome == RecoveryPolicy.Outcome.NEED_MORE) {
                RecoveryPolicy.Decision d = decision(context, config);
                page = view("proofs", config).offer(d.offer().stream().map(Enum::name).sorted().toList()).mayWait(d.mayWait()).phone(masked).build();
            } else {
                String challenge = CreationOptions.challenge(session, authSession);
                PasskeyPolicyConfig create = PasskeyPolicyConfig.of(realm.getRequiredActionConfigByAlias(ProviderIds.CREATE_PASSKEY));
                String agent = Requests.agent(session);
                page = view(outcome == RecoveryPolicy.Outcome.AFTER_WAITING ? "create-waiting" : "create", config)
                        .data(CreationOptions.build(session, realm, user, challenge, create.hints()).json()).name(agent).build();
            }
        }
        LoginFormsProvider form = context.form().setAttribute("pkfRecover", PageModel.of(page)).setAttribute("pkfAccount", user.getUsername());
        if (error != null) form.setError(error);
        return SecurityHeaders.noFraming(session, form.createForm(Pages.RECOVER));
    }

    private static Builder view(String view, RecoveryConfig config) {
        return new Builder(view, config.waitingMinutes());
    }

    /** Assembles a {@link RecoverPage}; only the parts a view needs are set. */
    private static final class Builder {
        private final String view;
        private final int waiting;
        private List<String> offer = List.of();
        private boolean mayWait;
        private String phone;
        private List<String> codes = List.of();
        private String data;
        private String name;
        private long activeFrom;
        private List<RecoverPage.Passkey> others = List.of();
        private List<String> idps = List.of();

        Builder(String view, int waiting) { this.view = view; this.waiting = waiting; }
        Builder offer(List<String> o) { offer = o; return this; }
        Builder mayWait(boolean w) { mayWait = w; return this; }
        Builder phone(String p) { phone = p; return this; }
        Builder codes(List<String> c) { codes = c; return this; }
        Builder data(String d) { data = d; return this; }
        Builder name(String n) { name = n; return this; }
        Builder activeFrom(long a) { activeFrom = a; return this; }
        Builder others(List<RecoverPage.Passkey> o) { others = o; return this; }
        Builder idps(List<String> i) { idps = i; return this; }

        RecoverPage build() {
            return new RecoverPage(view, offer, mayWait, waiting, phone, codes, data, name, activeFrom, others, idps);
        }
    }

    /** Codes are kept only as a hash, salted with this authentication session. */
    private static String hash(AuthenticationSessionModel authSession, String code) {
        return Secrets.sha256(authSession.getParentSession().getId() + "|" + authSession.getTabId() + "|" + code);
    }
}
