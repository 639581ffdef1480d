package dev.passkeyfirst.keycloak.login;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.account.Sightings;
import dev.passkeyfirst.keycloak.ceremony.SignInCeremony;
import dev.passkeyfirst.keycloak.common.PageData;
import dev.passkeyfirst.keycloak.common.PageModel;
import dev.passkeyfirst.keycloak.common.Places;
import dev.passkeyfirst.keycloak.common.RateLimit;
import dev.passkeyfirst.keycloak.common.Requests;
import dev.passkeyfirst.keycloak.common.SecurityHeaders;
import dev.passkeyfirst.keycloak.events.PkfEvent;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.model.PasskeyRecord;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.notify.Notifications;
import dev.passkeyfirst.keycloak.session.PasskeySessions;
import dev.passkeyfirst.keycloak.util.CredentialIds;
import dev.passkeyfirst.keycloak.util.Secrets;
import dev.passkeyfirst.keycloak.vocabulary.AuthNotes;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.keycloak.vocabulary.SingleUseKeys;
import dev.passkeyfirst.keycloak.webauthn.AssertionResponse;
import dev.passkeyfirst.keycloak.webauthn.BadInputException;
import dev.passkeyfirst.keycloak.webauthn.Challenges;
import dev.passkeyfirst.keycloak.webauthn.FormFields;
import dev.passkeyfirst.keycloak.webauthn.RelyingParty;
import dev.passkeyfirst.keycloak.webauthn.StoredPasskey;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.common.util.Time;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The optional second proof of a passkey sign-in from a place new to the account (DESIGN §4.5): after
 * the passkey, the page asks for another passkey of the account (device-bound ones offered first) or a
 * code emailed to it. Never a lockout: the user may go on without either, as a fallback session at
 * level 1, unless the application asked for more. Only the level is withheld; the passkey itself is
 * never refused, so the page tells nothing that the successful passkey had not already told.
 */
final class PlaceProof {

    private static final Logger LOG = Logger.getLogger(PlaceProof.class);

    static final String FIELD = "pkf.place";
    static final String FIELD_CODE = "pkf.placeCode";
    static final String ASKED = "asked";
    private static final int CODE_MINUTES = 10;
    private static final int CODE_FAILURES = 5;
    /** Codes emailed per account in an hour, across its sign-ins and the cluster. */
    private static final int CODES_PER_HOUR = 5;

    private final KeycloakSession session;
    private final SignInCeremony signIn;

    PlaceProof(KeycloakSession session, SignInCeremony signIn) {
        this.session = session;
        this.signIn = signIn;
    }

    /** Whether this sign-in's place is new to the account's passkeys; asked once per authentication. */
    boolean needed(AuthenticationFlowContext context, UserModel user, PasskeyLoginConfig config) {
        if (config.placeProof() == null || context.getAuthenticationSession().getAuthNote(AuthNotes.LOGIN_PLACE_PROOF) != null) return false;
        RealmModel realm = context.getRealm();
        long now = Time.currentTimeMillis();
        var history = session.getProvider(PasskeyRecordStore.class).getSeen(realm, user, now - config.placeProofDays() * 86_400_000L, now + 1);
        return Sightings.newPlaceForPasskeys(history, Places.here(session, realm, Requests.ip(session)), config.placeProof());
    }

    /** Asks: the page, and the event that says so. */
    Response ask(AuthenticationFlowContext context, UserModel user) {
        context.getAuthenticationSession().setAuthNote(AuthNotes.LOGIN_PLACE, ASKED);
        PkfEvent.PLACE_PROOF_ASKED.from(context.getEvent()).user(user).success();
        return page(context, user, null);
    }

    /**
     * A POST while the page is asking. True when the place is settled (a proof, or going on limited)
     * and the sign-in may go on; otherwise the page was answered.
     */
    boolean action(AuthenticationFlowContext context, MultivaluedMap<String, String> form, UserModel user, PasskeyLoginConfig config,
                   long challengeLifetimeSeconds) {
        String choice;
        try {
            choice = FormFields.single(form, FIELD, 16);
        } catch (BadInputException e) {
            choice = null;
        }
        if ("send".equals(choice)) {
            sendCode(context, user);
            return false;
        }
        if ("code".equals(choice)) return code(context, form, user);
        if ("limited".equals(choice) && limitedAllowed(context)) return settle(context, "none");
        if ("passkey".equals(choice) && (AssertionResponse.present(form) || form.containsKey("error"))) {
            return passkey(context, form, user, config, challengeLifetimeSeconds);
        }
        context.challenge(page(context, user, null));
        return false;
    }

    private boolean passkey(AuthenticationFlowContext context, MultivaluedMap<String, String> form, UserModel user, PasskeyLoginConfig config,
                            long challengeLifetimeSeconds) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String error = form.getFirst("error");
        if (error != null && !error.isEmpty()) {
            context.challenge(page(context, user, "pkfErrorPasskeyCancelled"));
            return false;
        }
        String challenge = authSession.getAuthNote(AuthNotes.LOGIN_PLACE_CHALLENGE);
        authSession.removeAuthNote(AuthNotes.LOGIN_PLACE_CHALLENGE);
        SignInCeremony.Result result = signIn.check(session, context.getRealm(), form, challenge,
                SignInCeremony.Expectation.account(user, config.userVerificationRequired(), challengeLifetimeSeconds, config.lastUsedIntervalMillis()));
        String first = PasskeySessions.of(authSession).map(PasskeySessions.Proof::credentialId).orElse(null);
        String refusal = result instanceof SignInCeremony.Refused r ? r.refusal().messageKey()
                : ((SignInCeremony.Success) result).passkey().credentialModelId().equals(first) ? "pkfErrorPlaceSamePasskey" : null;
        if (refusal != null) {
            refused(context, user, refusal);
            return false;
        }
        return settle(context, "passkey");
    }

    private void sendCode(AuthenticationFlowContext context, UserModel user) {
        if (!emailable(context.getRealm(), user)) {
            context.challenge(page(context, user, null));
            return;
        }
        if (!RateLimit.tryAcquire(session, SingleUseKeys.PLACE_CODE + context.getRealm().getId() + ":" + user.getId(), CODES_PER_HOUR, 3600)) {
            context.challenge(page(context, user, "pkfErrorPlaceCodeLimit"));
            return;
        }
        String code = Secrets.digits(6);
        context.getAuthenticationSession().setAuthNote(AuthNotes.LOGIN_PLACE_CODE,
                Secrets.sha256(code) + "|" + (Time.currentTimeMillis() + CODE_MINUTES * 60_000L) + "|0");
        Map<String, Object> mail = new HashMap<>();
        mail.put("code", code);
        mail.put("expiresInMinutes", CODE_MINUTES);
        mail.put("agent", Requests.agentOrEmpty(session));
        mail.put("place", orEmpty(place(context, user)));
        Notifications.sendAfterCommit(session, context.getRealm(), user, Pages.EMAIL_PLACE_CODE, "pkfEmailPlaceCodeSubject", mail);
        PkfEvent.PLACE_CODE_SENT.from(context.getEvent()).user(user).success();
        context.challenge(page(context, user, null));
    }

    private boolean code(AuthenticationFlowContext context, MultivaluedMap<String, String> form, UserModel user) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String note = authSession.getAuthNote(AuthNotes.LOGIN_PLACE_CODE);
        String typed;
        try {
            typed = FormFields.single(form, FIELD_CODE, 16);
        } catch (BadInputException e) {
            typed = null;
        }
        String[] parts = note == null ? new String[0] : note.split("\\|");
        if (parts.length != 3) {
            refused(context, user, "pkfErrorPlaceCodeInvalid");
            return false;
        }
        long expires;
        int failures;
        try {
            expires = Long.parseLong(parts[1]);
            failures = Integer.parseInt(parts[2]);
        } catch (NumberFormatException e) {
            authSession.removeAuthNote(AuthNotes.LOGIN_PLACE_CODE);
            refused(context, user, "pkfErrorPlaceCodeInvalid");
            return false;
        }
        String digits = typed == null ? "" : typed.replaceAll("\\s", "");
        if (expires < Time.currentTimeMillis()) {
            authSession.removeAuthNote(AuthNotes.LOGIN_PLACE_CODE);
            refused(context, user, "pkfErrorPlaceCodeExpired");
            return false;
        }
        if (!digits.matches("[0-9]{6}") || !Secrets.equal(Secrets.sha256(digits), parts[0])) {
            // a code is worth a few guesses, then a new one must be sent
            if (failures + 1 >= CODE_FAILURES) authSession.removeAuthNote(AuthNotes.LOGIN_PLACE_CODE);
            else authSession.setAuthNote(AuthNotes.LOGIN_PLACE_CODE, parts[0] + "|" + expires + "|" + (failures + 1));
            refused(context, user, "pkfErrorPlaceCodeInvalid");
            return false;
        }
        authSession.removeAuthNote(AuthNotes.LOGIN_PLACE_CODE);
        return settle(context, "email");
    }

    private boolean settle(AuthenticationFlowContext context, String how) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.removeAuthNote(AuthNotes.LOGIN_PLACE);
        authSession.removeAuthNote(AuthNotes.LOGIN_PLACE_CHALLENGE);
        authSession.removeAuthNote(AuthNotes.LOGIN_PLACE_CODE);
        authSession.setAuthNote(AuthNotes.LOGIN_PLACE_PROOF, how);
        return true;
    }

    private void refused(AuthenticationFlowContext context, UserModel user, String message) {
        LOG.debugf("second proof for a new place refused: %s", message);
        PkfEvent.PLACE_PROOF_REFUSED.from(context.getEvent()).user(user).detail(PkfEvents.REASON, message).error(Errors.INVALID_USER_CREDENTIALS);
        context.challenge(page(context, user, message));
    }

    /** Going on without a proof gives level 1: offered unless the application asked for more. */
    private boolean limitedAllowed(AuthenticationFlowContext context) {
        return new AcrStore(session, context.getAuthenticationSession()).getRequestedLevelOfAuthentication(context.getTopLevelFlow()) <= 1;
    }

    Response page(AuthenticationFlowContext context, UserModel user, String error) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        RealmModel realm = context.getRealm();
        String first = PasskeySessions.of(authSession).map(PasskeySessions.Proof::credentialId).orElse(null);
        List<Map<String, Object>> others = otherPasskeys(realm, user, first);
        int timeout = realm.getWebAuthnPolicyPasswordless().getCreateTimeout();
        long lifetime = timeout > 0 ? timeout : 300;
        PageData data = new PageData()
                .put("challenge", Challenges.forPage(session, authSession, AuthNotes.LOGIN_PLACE_CHALLENGE, lifetime))
                .put("rpId", RelyingParty.of(session).id())
                .put("userVerification", PasskeyLoginConfig.of(context.getAuthenticatorConfig()).userVerification())
                .put("timeout", lifetime * 1000L)
                .put("allowCredentials", others);
        var form = context.form().setAttribute("pkfPlace", PageModel.of(new PlaceProofPage(orEmpty(place(context, user)), !others.isEmpty(),
                emailable(realm, user), authSession.getAuthNote(AuthNotes.LOGIN_PLACE_CODE) != null, limitedAllowed(context), data.json())));
        if (error != null) form.setError(error);
        return SecurityHeaders.noFraming(session, form.createForm(Pages.LOGIN_PLACE_PROOF));
    }

    /** The account's passkeys other than the one that just signed in, device-bound ones first. */
    private List<Map<String, Object>> otherPasskeys(RealmModel realm, UserModel user, String first) {
        Set<String> deviceBound = session.getProvider(PasskeyRecordStore.class).getForUser(realm, user).stream()
                .filter(r -> !r.facts().backupEligible()).map(PasskeyRecord::credentialModelId).collect(Collectors.toSet());
        List<Map<String, Object>> list = new ArrayList<>();
        StoredPasskey.of(user).stream().filter(p -> !p.credentialModelId().equals(first))
                .sorted(Comparator.comparing(p -> deviceBound.contains(p.credentialModelId()) ? 0 : 1))
                .forEach(p -> {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("id", CredentialIds.base64Url(p.rawId()));
                    d.put("transports", p.transports().stream().sorted().toList());
                    list.add(d);
                });
        return list;
    }

    private boolean emailable(RealmModel realm, UserModel user) {
        return user.getEmail() != null && user.isEmailVerified() && realm.getSmtpConfig() != null && !realm.getSmtpConfig().isEmpty();
    }

    private String place(AuthenticationFlowContext context, UserModel user) {
        return Places.of(session, context.getRealm(), Requests.ip(session), session.getContext().resolveLocale(user).getLanguage());
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
