package dev.passkeyfirst.keycloak.recovery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
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

import dev.passkeyfirst.keycloak.common.FallbackSessions;
import dev.passkeyfirst.keycloak.common.RateLimit;
import dev.passkeyfirst.keycloak.common.SecurityHeaders;
import dev.passkeyfirst.keycloak.enroll.PendingRegistrations;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.model.PendingPasskey;
import dev.passkeyfirst.keycloak.register.CreatePasskeyConfig;
import dev.passkeyfirst.keycloak.register.CreatePasskeyActionFactory;
import dev.passkeyfirst.keycloak.register.CreationOptions;
import dev.passkeyfirst.keycloak.util.CredentialIds;
import dev.passkeyfirst.keycloak.util.UserAgents;
import dev.passkeyfirst.keycloak.webauthn.AttestationFacts;
import dev.passkeyfirst.keycloak.webauthn.BadInputException;
import dev.passkeyfirst.keycloak.webauthn.Challenges;
import dev.passkeyfirst.keycloak.webauthn.FormFields;
import dev.passkeyfirst.keycloak.webauthn.RegistrationResponse;
import dev.passkeyfirst.keycloak.webauthn.StoredPasskey;
import org.jboss.logging.Logger;
import org.keycloak.WebAuthnConstants;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.requiredactions.WebAuthnPasswordlessRegister;
import org.keycloak.common.util.Time;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.verifier.attestation.trustworthiness.certpath.CertPathTrustworthinessVerifier;

/**
 * The recovery after its first proof, wherever that came from (a recovery code on the "Lost your
 * device?" page, or the email link opened in any browser): further proofs as the realm's preset
 * asks (an SMS code, an emailed code, a recovery code), then a new passkey that works at once or
 * after the waiting period, then a review of what the account holds. The session this ends in is a
 * fallback session: Keycloak's own level checks keep it from removing passkeys, our steps keep it
 * from adding any, and it gets no offline token.
 */
public class RecoverAction extends WebAuthnPasswordlessRegister {

    private static final Logger LOG = Logger.getLogger(RecoverAction.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    static final String TEMPLATE = "pkf-recover.ftl";
    static final String NOTE_PROOFS = "pkf.rec.proofs";
    static final String NOTE_NEW_CODES = "pkf.rec.newCodes";
    static final String NOTE_METHOD = "pkf.rec.method";
    static final String NOTE_OTP = "pkf.rec.otp";
    static final String NOTE_OTP_EXPIRES = "pkf.rec.otpExpires";
    static final String NOTE_WAIT = "pkf.rec.wait";
    static final String NOTE_ACTIVATED = "pkf.rec.activated";
    static final String NOTE_PENDING = "pkf.rec.pending";

    private final KeycloakSession session;
    private final AttestationObjectConverter attestationConverter;

    public RecoverAction(KeycloakSession session, CertPathTrustworthinessVerifier trust, AttestationObjectConverter converter) {
        super(session, trust);
        this.session = session;
        this.attestationConverter = converter;
    }

    /** Hands a recovery over to this step after its first proof. */
    static void start(AuthenticationSessionModel authSession, UserModel user, Proof proof, List<String> newCodes) {
        Set<Proof> proofs = Proof.parse(authSession.getAuthNote(NOTE_PROOFS));
        proofs.add(proof);
        authSession.setAuthNote(NOTE_PROOFS, Proof.format(proofs));
        if (newCodes != null) authSession.setAuthNote(NOTE_NEW_CODES, String.join(",", newCodes));
        authSession.addRequiredAction(RecoverActionFactory.PROVIDER_ID);
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if (Proof.parse(context.getAuthenticationSession().getAuthNote(NOTE_PROOFS)).isEmpty()) {
            // reached without any proof (an admin added the action by hand): nothing to recover here
            context.success();
            return;
        }
        context.challenge(render(context, null));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        RecoveryConfig config = RecoveryConfig.of(context.getRealm());
        Set<Proof> proofs = Proof.parse(authSession.getAuthNote(NOTE_PROOFS));
        if (proofs.isEmpty()) {
            context.success();
            return;
        }
        try {
            if (form.containsKey("pkf.codesSaved")) {
                authSession.removeAuthNote(NOTE_NEW_CODES);
            } else if (form.containsKey("pkf.method")) {
                chooseMethod(context, config, FormFields.single(form, "pkf.method", 16));
            } else if (form.containsKey("pkf.otp")) {
                if (!otp(context, config, FormFields.single(form, "pkf.otp", 64))) return;
            } else if (form.containsKey("pkf.wait")) {
                if (decision(context, config).mayWait()) authSession.setAuthNote(NOTE_WAIT, "true");
            } else if (form.containsKey(WebAuthnConstants.ATTESTATION_OBJECT) || form.containsKey(WebAuthnConstants.ERROR)) {
                if (!createPasskey(context, config, form)) return;
            } else if (form.containsKey("pkf.review") && authSession.getAuthNote(NOTE_ACTIVATED) != null) {
                removeLost(context, form.get("remove"));
                finish(context, proofs);
                return;
            } else if (form.containsKey("pkf.done") && authSession.getAuthNote(NOTE_PENDING) != null) {
                finish(context, proofs);
                return;
            }
        } catch (BadInputException e) {
            LOG.warnf("recovery: malformed input: %s", e.getMessage());
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
        authSession.setAuthNote(NOTE_METHOD, proof.name());
        if (proof == Proof.CODE) return;
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        authSession.setAuthNote(NOTE_OTP, hash(authSession, code));
        authSession.setAuthNote(NOTE_OTP_EXPIRES, Long.toString(Time.currentTimeMillis() + config.codeMinutes() * 60_000L));
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
        Proof method = Proof.parse(authSession.getAuthNote(NOTE_METHOD)).stream().findFirst().orElse(null);
        if (method == null) return true;
        UserModel user = context.getUser();
        if (!RateLimit.tryAcquire(session, "recovery.otp." + method + "." + user.getId(), config.attempts(), 3600)) {
            context.challenge(render(context, "pkfErrorRecoveryTooManyAttempts"));
            return false;
        }
        boolean ok;
        List<String> renewed = null;
        if (method == Proof.CODE) {
            ok = RecoveryCodes.matches(user, typed);
            if (ok) renewed = RecoveryCodes.renew(user);
        } else {
            String expected = authSession.getAuthNote(NOTE_OTP);
            String expires = authSession.getAuthNote(NOTE_OTP_EXPIRES);
            String digits = typed == null ? "" : typed.replaceAll("[\\s-]", "");
            ok = expected != null && expires != null && Long.parseLong(expires) >= Time.currentTimeMillis() && digits.matches("\\d{6}")
                    && MessageDigest.isEqual(hash(authSession, digits).getBytes(StandardCharsets.US_ASCII), expected.getBytes(StandardCharsets.US_ASCII));
        }
        if (!ok) {
            context.getEvent().clone().event(EventType.RESET_PASSWORD_ERROR).detail(PkfEvents.ACTION, "recovery_code_refused")
                    .detail("pkf_method", method.name()).error(Errors.INVALID_CODE);
            context.challenge(render(context, "pkfErrorRecoveryCode"));
            return false;
        }
        authSession.removeAuthNote(NOTE_METHOD);
        authSession.removeAuthNote(NOTE_OTP);
        authSession.removeAuthNote(NOTE_OTP_EXPIRES);
        start(authSession, user, method, renewed);
        context.getEvent().clone().event(EventType.RESET_PASSWORD).detail(PkfEvents.ACTION, "recovery_proof_" + method.name().toLowerCase(Locale.ROOT)).success();
        return true;
    }

    /** @return false when it already answered */
    private boolean createPasskey(RequiredActionContext context, RecoveryConfig config, MultivaluedMap<String, String> form)
            throws BadInputException {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        RecoveryPolicy.Outcome outcome = outcome(context, config);
        if (outcome == RecoveryPolicy.Outcome.NEED_MORE || authSession.getAuthNote(NOTE_ACTIVATED) != null
                || authSession.getAuthNote(NOTE_PENDING) != null) {
            return true;
        }
        if (FormFields.single(form, WebAuthnConstants.ERROR, 512) != null) {
            context.challenge(render(context, "pkfErrorCreateCancelled"));
            return false;
        }
        RegistrationResponse response = RegistrationResponse.parse(form);
        AttestationFacts facts = AttestationFacts.read(attestationConverter, response.attestationObject(), response.credentialId());
        String challenge = authSession.getAuthNote(WebAuthnConstants.AUTH_CHALLENGE_NOTE);
        authSession.removeAuthNote(WebAuthnConstants.AUTH_CHALLENGE_NOTE);
        long now = Time.currentTimeMillis();
        Long activateAt = outcome == RecoveryPolicy.Outcome.AFTER_WAITING ? now + config.waitingMinutes() * 60_000L : null;
        long expiresAt = (activateAt != null ? activateAt : now) + 7L * 24 * 3600 * 1000;
        PendingRegistrations.Result result = PendingRegistrations.register(session, realm, user,
                createWebAuthnRegistrationManager(realm.getWebAuthnPolicyPasswordless()), response, facts, challenge,
                PendingPasskey.Purpose.RECOVERY, "recovery-" + authSession.getParentSession().getId(), expiresAt, activateAt);
        if (result.refusal() != null) {
            LOG.warnf("recovery: new passkey refused for user %s: %s", user.getId(), result.refusal().reason());
            context.challenge(render(context, result.refusal().messageKey()));
            return false;
        }
        String agent = UserAgents.summarize(session.getContext().getRequestHeaders().getHeaderString("User-Agent")).text();
        Set<Proof> proofs = Proof.parse(authSession.getAuthNote(NOTE_PROOFS));
        if (activateAt == null) {
            Optional<String> credential = RecoveryActivation.activate(session, realm, user, result.pending());
            if (credential.isEmpty()) {
                context.challenge(render(context, "pkfErrorCreateFailed"));
                return false;
            }
            authSession.setAuthNote(NOTE_ACTIVATED, credential.get());
            RecoveryMessages.sendNotice(session, realm, user, null, credential.get(), null, agent);
            context.getEvent().clone().event(EventType.UPDATE_CREDENTIAL).detail(PkfEvents.ACTION, "recovery_completed")
                    .detail(PkfEvents.CREDENTIAL_ID, credential.get()).detail("pkf_proofs", Proof.format(proofs)).success();
        } else {
            authSession.setAuthNote(NOTE_PENDING, result.pending().id());
            RecoveryMessages.sendNotice(session, realm, user, result.pending().id(), null, activateAt, agent);
            context.getEvent().clone().event(EventType.UPDATE_CREDENTIAL).detail(PkfEvents.ACTION, "recovery_waiting")
                    .detail("pkf_pending", result.pending().id()).detail("pkf_proofs", Proof.format(proofs))
                    .detail("pkf_active_from", Long.toString(activateAt)).success();
        }
        return true;
    }

    /** "Lost passkeys may be removed": only the account's own passkeys, never the one just recovered. */
    private void removeLost(RequiredActionContext context, List<String> ids) {
        if (ids == null) return;
        UserModel user = context.getUser();
        String recovered = context.getAuthenticationSession().getAuthNote(NOTE_ACTIVATED);
        Set<String> passkeys = new HashSet<>();
        StoredPasskey.of(user).forEach(p -> passkeys.add(p.credentialModelId()));
        for (String id : new HashSet<>(ids)) {
            if (id == null || id.equals(recovered) || !passkeys.contains(id)) continue;
            user.credentialManager().removeStoredCredentialById(id);
            context.getEvent().clone().event(EventType.REMOVE_CREDENTIAL).detail(PkfEvents.ACTION, "passkey_removed_at_recovery")
                    .detail(PkfEvents.CREDENTIAL_ID, id).success();
        }
    }

    private void finish(RequiredActionContext context, Set<Proof> proofs) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        FallbackSessions.mark(authSession, Proof.format(proofs));
        for (String note : List.of(NOTE_PROOFS, NOTE_NEW_CODES, NOTE_METHOD, NOTE_OTP, NOTE_OTP_EXPIRES, NOTE_WAIT, NOTE_ACTIVATED, NOTE_PENDING)) {
            authSession.removeAuthNote(note);
        }
        context.success();
    }

    private RecoveryPolicy.Decision decision(RequiredActionContext context, RecoveryConfig config) {
        return RecoveryPolicy.decide(config.strict(), config.waitingMinutes(), AccountProofs.available(context.getUser(), config),
                Proof.parse(context.getAuthenticationSession().getAuthNote(NOTE_PROOFS)));
    }

    private RecoveryPolicy.Outcome outcome(RequiredActionContext context, RecoveryConfig config) {
        RecoveryPolicy.Decision d = decision(context, config);
        if (d.outcome() == RecoveryPolicy.Outcome.NEED_MORE && d.mayWait() && "true".equals(context.getAuthenticationSession().getAuthNote(NOTE_WAIT))) {
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
        String codes = authSession.getAuthNote(NOTE_NEW_CODES);
        if (codes != null) {
            page = view("codes", config).codes(Arrays.asList(codes.split(","))).build();
        } else if (authSession.getAuthNote(NOTE_ACTIVATED) != null) {
            String recovered = authSession.getAuthNote(NOTE_ACTIVATED);
            List<RecoverPage.Passkey> others = new ArrayList<>();
            DateFormat format = DateFormat.getDateInstance(DateFormat.MEDIUM, session.getContext().resolveLocale(user));
            StoredPasskey.of(user).stream().filter(p -> !p.credentialModelId().equals(recovered))
                    .forEach(p -> others.add(new RecoverPage.Passkey(p.credentialModelId(), p.model().getUserLabel(),
                            p.model().getCreatedDate() == null ? "" : format.format(new Date(p.model().getCreatedDate())))));
            List<String> idps = session.users().getFederatedIdentitiesStream(realm, user).map(l -> l.getIdentityProvider()).toList();
            page = view("review", config).others(others).idps(idps).build();
        } else if (authSession.getAuthNote(NOTE_PENDING) != null) {
            long from = RecoveryActivation.waiting(session, realm, user).stream()
                    .filter(p -> p.id().equals(authSession.getAuthNote(NOTE_PENDING))).map(p -> p.activateAt()).findFirst().orElse(0L);
            page = view("waiting", config).activeFrom(from).build();
        } else if (authSession.getAuthNote(NOTE_METHOD) != null) {
            page = view("otp-" + authSession.getAuthNote(NOTE_METHOD).toLowerCase(Locale.ROOT), config).phone(masked).build();
        } else {
            RecoveryPolicy.Outcome outcome = outcome(context, config);
            if (outcome == RecoveryPolicy.Outcome.NEED_MORE) {
                RecoveryPolicy.Decision d = decision(context, config);
                page = view("proofs", config).offer(d.offer().stream().map(Enum::name).sorted().toList()).mayWait(d.mayWait()).phone(masked).build();
            } else {
                String challenge = Challenges.create();
                authSession.setAuthNote(WebAuthnConstants.AUTH_CHALLENGE_NOTE, challenge);
                CreatePasskeyConfig create = CreatePasskeyConfig.of(realm.getRequiredActionConfigByAlias(CreatePasskeyActionFactory.PROVIDER_ID));
                String agent = UserAgents.summarize(session.getContext().getRequestHeaders().getHeaderString("User-Agent")).text();
                page = view(outcome == RecoveryPolicy.Outcome.AFTER_WAITING ? "create-waiting" : "create", config)
                        .data(CreationOptions.build(session, realm, user, challenge, create.hints()).json()).name(agent).build();
            }
        }
        LoginFormsProvider form = context.form().setAttribute("pkfRecover", page).setAttribute("pkfAccount", user.getUsername());
        if (error != null) form.setError(error);
        return SecurityHeaders.noFraming(session, form.createForm(TEMPLATE));
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
        return CredentialIds.hash((authSession.getParentSession().getId() + "|" + authSession.getTabId() + "|" + code).getBytes(StandardCharsets.UTF_8));
    }
}
