package dev.passkeyfirst.keycloak.login;

import dev.passkeyfirst.keycloak.common.TabTurn;
import dev.passkeyfirst.keycloak.common.FormGuard;
import java.nio.charset.StandardCharsets;
import java.text.DateFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.account.Recoveries;
import dev.passkeyfirst.keycloak.ceremony.PendingPasskeys;
import dev.passkeyfirst.keycloak.ceremony.RecoveryReview;
import dev.passkeyfirst.keycloak.ceremony.SignInCeremony;
import dev.passkeyfirst.keycloak.common.Config;
import dev.passkeyfirst.keycloak.common.PageData;
import dev.passkeyfirst.keycloak.common.PageModel;
import dev.passkeyfirst.keycloak.common.PkfAuthenticator;
import dev.passkeyfirst.keycloak.common.RealmFlows;
import dev.passkeyfirst.keycloak.common.SecurityHeaders;
import dev.passkeyfirst.keycloak.events.PkfEvent;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.model.PendingPasskey;
import org.keycloak.common.util.Time;
import dev.passkeyfirst.keycloak.session.FallbackSessions;
import dev.passkeyfirst.keycloak.session.PasskeySessions;
import dev.passkeyfirst.keycloak.events.SignInMarks;
import dev.passkeyfirst.keycloak.util.CredentialIds;
import dev.passkeyfirst.keycloak.util.LogSafe;
import dev.passkeyfirst.keycloak.vocabulary.AuthNotes;
import dev.passkeyfirst.keycloak.vocabulary.ConfigKeys;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.keycloak.webauthn.AcceptedCredentials;
import dev.passkeyfirst.keycloak.webauthn.AssertionResponse;
import dev.passkeyfirst.keycloak.webauthn.BadInputException;
import dev.passkeyfirst.keycloak.webauthn.Challenges;
import dev.passkeyfirst.keycloak.webauthn.DecoyCredentials;
import dev.passkeyfirst.keycloak.webauthn.FormFields;
import dev.passkeyfirst.keycloak.webauthn.RelyingParty;
import dev.passkeyfirst.keycloak.webauthn.SignalDigest;
import dev.passkeyfirst.keycloak.webauthn.StoredPasskey;
import org.jboss.logging.Logger;
import dev.passkeyfirst.keycloak.session.PasswordSignIns;
import dev.passkeyfirst.keycloak.login.PasskeyLoginConfig.PasswordPolicy;
import org.keycloak.authentication.AuthenticationFlowCallback;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Passkey-first sign-in: one page with conditional UI, a "Sign in with a passkey" button and
 * username first; the username step asks for that account's passkeys by id and looks the same for
 * an account that does not exist. The assertion itself is the ceremony core's to check
 * ({@link SignInCeremony}); this step decides which page comes next.
 */
public class PasskeyLoginAuthenticator implements PkfAuthenticator, AuthenticationFlowCallback {

    private static final Logger LOG = Logger.getLogger(PasskeyLoginAuthenticator.class);

    static final String FIELD_USERNAME = "username";
    static final String FIELD_ERROR = "error";
    static final String FIELD_RESTART = "pkf.restart";
    static final String FIELD_CONTINUE = "pkf.continue";
    static final String FIELD_SIGNAL = "pkf.signal";
    static final String FIELD_MODE = "pkf.mode";
    static final String FIELD_RECOVERY_KEEP = "pkf.recoveryKeep";
    static final String FIELD_RECOVERY_CANCEL = "pkf.recoveryCancel";
    static final String FIELD_PASSWORD = "password";
    static final String FIELD_CAPS = "pkf.caps";
    static final String FIELD_REMEMBER_ME = "rememberMe";

    private final KeycloakSession session;
    private final SignInCeremony signIn;
    private final PlaceProof placeProof;

    public PasskeyLoginAuthenticator(KeycloakSession session, SignInCeremony signIn) {
        this.session = session;
        this.signIn = signIn;
        this.placeProof = new PlaceProof(session, signIn);
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        // a page shown while another request of this tab finishes its sign-in would undo that sign-in
        TabTurn.take(session, context.getAuthenticationSession());
        context.challenge(currentPage(context, null));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        TabTurn.take(session, authSession);
        String malformed = FormGuard.problem(form);
        if (malformed != null) {
            LOG.warnf("passkey sign-in refused in realm %s: %s", context.getRealm().getName(), malformed);
            refuse(context, null, "pkfErrorPasskeyInvalid");
            return;
        }
        String verifiedUser = authSession.getAuthNote(AuthNotes.LOGIN_VERIFIED_USER);
        if (verifiedUser != null && PlaceProof.ASKED.equals(authSession.getAuthNote(AuthNotes.LOGIN_PLACE))) {
            // the new-place page is asking: nothing else of this step is taken until it is settled
            UserModel user = verifiedUser(context, verifiedUser);
            if (user != null && placeProof.action(context, form, user, config(context), timeoutSeconds(context.getRealm()))) next(context, user, null);
            return;
        }
        if (form.containsKey(FIELD_CONTINUE) && verifiedUser != null) {
            if (authSession.getAuthNote(AuthNotes.LOGIN_SIGNAL_SHOWN) != null) {
                finish(context, verifiedUser);
            } else {
                // only the Signal API page continues straight to the end; posted from any other page, the
                // steps after the assertion (the new-place proof first) still run
                UserModel user = verifiedUser(context, verifiedUser);
                if (user != null) next(context, user, null);
            }
            return;
        }
        if ((form.containsKey(FIELD_RECOVERY_KEEP) || form.containsKey(FIELD_RECOVERY_CANCEL)) && verifiedUser != null) {
            UserModel owner = session.users().getUserById(context.getRealm(), verifiedUser);
            if (owner != null && form.containsKey(FIELD_RECOVERY_CANCEL)) {
                // the owner, with a passkey in hand, says no: every recovery of the account ends, not only the one shown
                int removed = RecoveryReview.endAll(session, context.getRealm(), owner).waiting();
                PkfEvent.RECOVERY_CANCELLED_FROM_DEVICE.from(context.getEvent()).user(owner)
                        .detail(PkfEvents.PENDING, Integer.toString(removed)).success();
                authSession.setAuthNote(AuthNotes.LOGIN_RECOVERY_CANCELLED, "true");
            }
            UserModel user = verifiedUser(context, verifiedUser);
            if (user != null) next(context, user, null);
            return;
        }
        if (form.containsKey(FIELD_RESTART) && context.getUser() == null) {
            clearNotes(authSession);
            context.challenge(startPage(context, null));
            return;
        }
        String promptError;
        try {
            promptError = FormFields.single(form, FIELD_ERROR, 512);
        } catch (BadInputException e) {
            LOG.warnf("passkey sign-in refused in realm %s: %s", context.getRealm().getName(), LogSafe.text(e.getMessage()));
            refuse(context, null, "pkfErrorPasskeyInvalid");
            return;
        }
        if (promptError != null) {
            // The browser's dialog was cancelled, timed out or found no passkey for the offered ids.
            // The same answer whether or not the username exists.
            LOG.debug("passkey prompt ended without an assertion");
            context.challenge(currentPage(context, "pkfErrorPasskeyCancelled"));
            return;
        }
        if (AssertionResponse.present(form)) {
            assertion(context, form);
            return;
        }
        if (form.containsKey(FIELD_PASSWORD) && context.getUser() == null && authSession.getAuthNote(AuthNotes.LOGIN_USERNAME) != null) {
            password(context, form);
            return;
        }
        if (form.containsKey(FIELD_USERNAME) && config(context).usernameFirst() && context.getUser() == null) {
            username(context, form);
            return;
        }
        context.challenge(currentPage(context, null));
    }

    private void username(AuthenticationFlowContext context, MultivaluedMap<String, String> form) {
        String username;
        try {
            username = FormFields.single(form, FIELD_USERNAME, 255);
        } catch (BadInputException e) {
            LOG.warnf("passkey sign-in refused in realm %s: %s", context.getRealm().getName(), LogSafe.text(e.getMessage()));
            refuse(context, null, "pkfErrorUsernameInvalid");
            return;
        }
        if (username == null || username.isBlank()) {
            context.challenge(startPage(context, "pkfErrorUsernameMissing"));
            return;
        }
        username = username.trim();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.setAuthNote(AuthNotes.LOGIN_USERNAME, username);
        authSession.setAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME, username);
        if (passwordOffered(context, identifiedUser(context))) {
            authSession.setAuthNote(AuthNotes.LOGIN_PASSWORD_OFFERED, "true");
        } else {
            authSession.removeAuthNote(AuthNotes.LOGIN_PASSWORD_OFFERED);
        }
        context.challenge(passkeyPage(context, null));
    }

    /**
     * Whether the username step asks for a password too. An unknown name is answered as an account
     * without a passkey, so the page says no more than the policy itself does (DESIGN §4.6).
     */
    private boolean passwordOffered(AuthenticationFlowContext context, UserModel user) {
        PasskeyLoginConfig config = config(context);
        if (config.passwordAccepted() == PasswordPolicy.NEVER) return false;
        // an application that asked for more than a password gives will not be given a password
        int requested = new AcrStore(session, context.getAuthenticationSession()).getRequestedLevelOfAuthentication(context.getTopLevelFlow());
        if (requested > config.passwordLevel()) return false;
        return user == null || passwordAccepted(config, user);
    }

    private static boolean passwordAccepted(PasskeyLoginConfig config, UserModel user) {
        return switch (config.passwordAccepted()) {
            case NEVER -> false;
            case ALWAYS -> user.credentialManager().isConfiguredFor(PasswordCredentialModel.TYPE)
                    || StoredPasskey.of(user).isEmpty();
            case WITHOUT_PASSKEY -> StoredPasskey.of(user).isEmpty();
        };
    }

    /**
     * A password for the name of the username step, through Keycloak's own check. A password the page
     * did not ask for (the policy, the account, a forged form) is refused as a wrong one would be.
     */
    private void password(AuthenticationFlowContext context, MultivaluedMap<String, String> form) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String username = authSession.getAuthNote(AuthNotes.LOGIN_USERNAME);
        String password;
        String caps;
        String rememberMe;
        try {
            password = FormFields.single(form, FIELD_PASSWORD, 1024);
            // the page always sends the field; empty means the browser can create nothing (or runs no script)
            caps = form.containsKey(FIELD_CAPS) ? Objects.requireNonNullElse(FormFields.single(form, FIELD_CAPS, 200), "") : null;
            rememberMe = FormFields.single(form, FIELD_REMEMBER_ME, 16);
        } catch (BadInputException e) {
            LOG.warnf("password sign-in refused in realm %s: %s", context.getRealm().getName(), LogSafe.text(e.getMessage()));
            refuse(context, null, "pkfErrorFormInvalid");
            return;
        }
        context.getEvent().detail(Details.CREDENTIAL_TYPE, PasswordCredentialModel.TYPE).detail(PkfEvents.SIGN_IN_MODE, "password");
        // Keycloak's check answers with this page; its error is already on the form
        PasswordStep step = new PasswordStep(f -> passkeyPage(context, null));
        UserModel user = identifiedUser(context);
        boolean offered = authSession.getAuthNote(AuthNotes.LOGIN_PASSWORD_OFFERED) != null;
        if (!offered || (user != null && !passwordOffered(context, user))) {
            step.refuse(context, user);
            return;
        }
        if (!step.check(context, username, password, rememberMe)) return;
        user = context.getUser();
        PasswordSignIns.record(authSession, caps);
        PasskeySessions.forget(authSession);
        authSession.setAuthNote(AuthNotes.LOGIN_LEVEL_CAP, Integer.toString(config(context).passwordLevel()));
        PkfEvent.PASSWORD_SIGN_IN.mark(context.getEvent()).user(user);
        SignInMarks.remember(authSession, Map.of(PkfEvents.ACTION, PkfEvent.PASSWORD_SIGN_IN.action(), PkfEvents.SIGN_IN_MODE, "password",
                Details.CREDENTIAL_TYPE, PasswordCredentialModel.TYPE));
        clearNotes(authSession);
        // the credential type tells Keycloak's brute-force protection that a password succeeded (it resets the count)
        context.success(PasswordCredentialModel.TYPE);
    }

    /**
     * The passkey step's sub-flow has just given its level; a password sign-in through this same step
     * takes the password's level instead (1 unless the admin maps it otherwise), and a passkey from a
     * new place without its second proof level 1, for this authentication and for the session's record
     * of levels.
     */
    @Override
    public void onParentFlowSuccess(AuthenticationFlowContext context) {
        capLevel(context.getAuthenticationSession());
    }

    /**
     * Again once the whole flow succeeded: Keycloak calls the sub-flow's callbacks in the order of its
     * executions, so where an admin put this step before the level condition, the condition set the
     * sub-flow's level after the cap above; this puts the cap back over it.
     */
    @Override
    public void onTopFlowSuccess(AuthenticationFlowModel topFlow) {
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        if (authSession == null) return;
        capLevel(authSession);
        authSession.removeAuthNote(AuthNotes.LOGIN_LEVEL_CAP);
    }

    private void capLevel(AuthenticationSessionModel authSession) {
        String cap = authSession.getAuthNote(AuthNotes.LOGIN_LEVEL_CAP);
        if (cap == null) return;
        int level;
        try {
            level = Integer.parseInt(cap);
        } catch (NumberFormatException e) {
            level = 1;
        }
        AcrStore acr = new AcrStore(session, authSession);
        if (acr.getLevelOfAuthenticationFromCurrentAuthentication() > level) acr.setLevelAuthenticatedToCurrentRequest(level);
        Levels.keepOnlyUpTo(authSession, level);
    }

    private void assertion(AuthenticationFlowContext context, MultivaluedMap<String, String> form) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        RealmModel realm = context.getRealm();
        PasskeyLoginConfig config = config(context);
        String mode = safeMode(form);
        context.getEvent().detail(Details.CREDENTIAL_TYPE, WebAuthnCredentialModel.TYPE_PASSWORDLESS)
                .detail(PkfEvents.SIGN_IN_MODE, mode);
        String challenge = authSession.getAuthNote(AuthNotes.LOGIN_CHALLENGE);
        authSession.removeAuthNote(AuthNotes.LOGIN_CHALLENGE);
        long lifetime = timeoutSeconds(realm);
        SignInCeremony.Expectation expect = usernameStep(context)
                ? SignInCeremony.Expectation.account(identifiedUser(context), config.userVerificationRequired(), lifetime, config.lastUsedIntervalMillis())
                : SignInCeremony.Expectation.discoverable(config.userVerificationRequired(), lifetime, config.lastUsedIntervalMillis());

        SignInCeremony.Result result = signIn.check(session, realm, form, challenge, expect);
        if (result instanceof SignInCeremony.Refused r) {
            if (r.unknownCredential() != null && !expect.named()) {
                // The browser offered a passkey this account no longer has: let its provider hide it.
                // Never in the username step, where it would tell a typed username's account exists.
                context.form().setAttribute("pkfUnknownCredential", new PageData()
                        .put("rpId", RelyingParty.of(session).id())
                        .put("credentialId", CredentialIds.base64Url(r.unknownCredential())).json());
            }
            if (r.worksFrom() != null) {
                // a recovered passkey still waiting: say from when it works (the page shows it in local time)
                context.form().setAttribute("pkfWorksFrom", r.worksFrom())
                        .setAttribute("pkfWorksFromIso", Instant.ofEpochMilli(r.worksFrom()).toString())
                        .setAttribute("pkfWorksFromText", DateFormat.getDateTimeInstance(DateFormat.MEDIUM, DateFormat.SHORT,
                                session.getContext().resolveLocale(r.user())).format(new Date(r.worksFrom())));
            }
            refuse(context, r.user(), r.refusal().messageKey());
            return;
        }
        SignInCeremony.Success ok = (SignInCeremony.Success) result;
        UserModel user = ok.user();
        PasskeySessions.record(authSession, ok.proof());
        authSession.setAuthNote(AuthNotes.LOGIN_MODE, mode);
        authSession.setAuthNote(AuthNotes.LOGIN_VERIFIED_USER, user.getId());
        if (config.signalApi() && "1".equals(form.getFirst(FIELD_SIGNAL))) {
            // what this passkey's provider was last told; the Signal API page follows only if that changed
            authSession.setAuthNote(AuthNotes.LOGIN_SIGNAL, Objects.requireNonNullElse(ok.signalled(), ""));
        }
        // the read of the passkey's row said whether the account holds pending passkeys: most hold none,
        // and their sign-in reads nothing more
        List<PendingPasskey> pending = List.of();
        if (ok.mayHavePending()) {
            pending = session.getProvider(PasskeyRecordStore.class).getPendingOfUser(realm, user);
            if (!pending.isEmpty()) authSession.setAuthNote(AuthNotes.LOGIN_PENDING, "true");
        }
        List<PendingPasskey> waiting = Recoveries.waitingAmong(pending, Time.currentTimeMillis());
        if (!waiting.isEmpty()) {
            // someone is recovering this account while its owner still holds a passkey: ask
            context.challenge(recoveryPendingPage(context, waiting));
            return;
        }
        next(context, user, pending);
    }

    /**
     * After the assertion and any question about a recovery: the Signal API page where the browser has
     * it and the passkey's provider was told something else last time (or never), else done.
     *
     * @param pending the account's pending passkeys, or null if they may have changed since they were read
     */
    private void next(AuthenticationFlowContext context, UserModel user, List<PendingPasskey> pending) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (placeProof.needed(context, user, config(context))) {
            context.challenge(placeProof.ask(context, user));
            return;
        }
        String told = authSession.getAuthNote(AuthNotes.LOGIN_SIGNAL);
        if (told != null) {
            authSession.removeAuthNote(AuthNotes.LOGIN_SIGNAL);
            if (pending == null) {
                pending = authSession.getAuthNote(AuthNotes.LOGIN_PENDING) == null ? List.of()
                        : session.getProvider(PasskeyRecordStore.class).getPendingOfUser(context.getRealm(), user);
            }
            String rpId = RelyingParty.of(session).id();
            String digest = SignalDigest.of(rpId, user, pending);
            if (!digest.equals(told)) {
                authSession.setAuthNote(AuthNotes.LOGIN_SIGNAL_SHOWN, digest);
                context.challenge(signalPage(context, user, rpId, pending));
                return;
            }
        }
        complete(context, user);
    }

    /** The sign-in succeeds here, in the assertion's request or in the one after an interstitial page. */
    private void complete(AuthenticationFlowContext context, UserModel user) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        PasskeySessions.Proof proof = PasskeySessions.of(authSession).orElseThrow();
        PkfEvent.PASSKEY_SIGN_IN.mark(context.getEvent()).user(user)
                .detail(Details.CREDENTIAL_TYPE, WebAuthnCredentialModel.TYPE_PASSWORDLESS)
                .detail(PkfEvents.SIGN_IN_MODE, authSession.getAuthNote(AuthNotes.LOGIN_MODE))
                .detail(Details.CREDENTIAL_ID, proof.credentialId())
                .detail(PkfEvents.DEVICE_BOUND, Boolean.toString(proof.deviceBound()))
                .detail(PkfEvents.USER_VERIFIED, Boolean.toString(proof.userVerified()));
        if (proof.attachment() != null && !proof.attachment().isEmpty()) context.getEvent().detail(PkfEvents.ATTACHMENT, proof.attachment());
        String place = authSession.getAuthNote(AuthNotes.LOGIN_PLACE_PROOF);
        if (place != null) context.getEvent().detail(PkfEvents.PLACE_PROOF, place);
        Map<String, String> marks = new java.util.HashMap<>(Map.of(PkfEvents.ACTION, PkfEvent.PASSKEY_SIGN_IN.action(),
                Details.CREDENTIAL_ID, proof.credentialId(), PkfEvents.DEVICE_BOUND, Boolean.toString(proof.deviceBound()),
                PkfEvents.USER_VERIFIED, Boolean.toString(proof.userVerified()),
                Details.CREDENTIAL_TYPE, WebAuthnCredentialModel.TYPE_PASSWORDLESS));
        String mode = authSession.getAuthNote(AuthNotes.LOGIN_MODE);
        if (mode != null) marks.put(PkfEvents.SIGN_IN_MODE, mode);
        if (proof.attachment() != null && !proof.attachment().isEmpty()) marks.put(PkfEvents.ATTACHMENT, proof.attachment());
        if (place != null) marks.put(PkfEvents.PLACE_PROOF, place);
        SignInMarks.remember(authSession, marks);
        if ("none".equals(place)) {
            // a new place without its second proof: in, but as a fallback session that proved no passkey
            PasskeySessions.forget(authSession);
            FallbackSessions.mark(authSession, "new_place");
            authSession.setAuthNote(AuthNotes.LOGIN_LEVEL_CAP, "1");
            clearNotes(authSession);
            context.setUser(user);
            context.success();
            return;
        }
        // a passkey the account held before a "this wasn't me" lifts that freeze, unless this sign-in just set it
        String signalled = authSession.getAuthNote(AuthNotes.LOGIN_SIGNAL_SHOWN);
        if (signalled != null) {
            // the Signal API page ran and continued: its provider knows this much now
            session.getProvider(PasskeyRecordStore.class).setSignalled(context.getRealm(), proof.credentialId(), signalled);
        }
        if (authSession.getAuthNote(AuthNotes.LOGIN_RECOVERY_CANCELLED) == null) {
            var credential = user.credentialManager().getStoredCredentialById(proof.credentialId());
            if (credential != null) Recoveries.liftBy(user, credential);
        }
        FallbackSessions.clear(authSession);
        authSession.removeAuthNote(AuthNotes.LOGIN_RECOVERY_CANCELLED);
        HybridOffer.offerIfHybrid(session, context, user, config(context));
        clearNotes(authSession);
        context.setUser(user);
        context.success();
    }

    private void finish(AuthenticationFlowContext context, String userId) {
        UserModel user = verifiedUser(context, userId);
        if (user != null) complete(context, user);
    }

    /** The account whose passkey this authentication verified, still able to sign in; else the start page is answered. */
    private UserModel verifiedUser(AuthenticationFlowContext context, String userId) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        UserModel user = session.users().getUserById(context.getRealm(), userId);
        if (user == null || !user.isEnabled() || PasskeySessions.of(authSession).isEmpty()) {
            clearNotes(authSession);
            context.challenge(startPage(context, "pkfErrorPasskeyNotRecognized"));
            return null;
        }
        return user;
    }

    private boolean usernameStep(AuthenticationFlowContext context) {
        return context.getUser() != null || context.getAuthenticationSession().getAuthNote(AuthNotes.LOGIN_USERNAME) != null;
    }

    /** The account the username step names, or the one an earlier step identified; null if none holds a passkey. */
    private UserModel identifiedUser(AuthenticationFlowContext context) {
        if (context.getUser() != null) return context.getUser();
        String username = context.getAuthenticationSession().getAuthNote(AuthNotes.LOGIN_USERNAME);
        return username == null ? null : KeycloakModelUtils.findUserByNameOrEmail(session, context.getRealm(), username);
    }

    /**
     * Answers a refused attempt with the page the user was on, a translated message and a fresh
     * challenge. A plain challenge, not a failure: a refused passkey never counts toward Keycloak's
     * brute-force lockout (DESIGN §5), so nobody can lock an account by knowing its name.
     */
    private void refuse(AuthenticationFlowContext context, UserModel user, String message, Object... params) {
        if (user != null) context.getEvent().user(user);
        context.getEvent().detail(PkfEvents.REASON, message).error(Errors.INVALID_USER_CREDENTIALS);
        context.challenge(currentPage(context, message, params));
    }

    private Response currentPage(AuthenticationFlowContext context, String error, Object... params) {
        return usernameStep(context) && config(context).usernameFirst() || context.getUser() != null
                ? passkeyPage(context, error, params) : startPage(context, error, params);
    }

    private Response startPage(AuthenticationFlowContext context, String error, Object... params) {
        PasskeyLoginConfig config = config(context);
        String loginHint = context.getAuthenticationSession().getClientNote(OIDCLoginProtocol.LOGIN_HINT_PARAM);
        PageData data = requestOptions(context, config).put("conditional", config.conditionalUi());
        LoginFormsProvider form = context.form()
                .setAttribute("pkf", PageModel.of(new PasskeyLoginPage(config.usernameFirst(), config.passkeyButton(), config.conditionalUi(),
                        loginHint, null, false, false, data.json())))
                .setAttribute("pkfSignInLink", signInLinkOffered(context));
        if (error != null) form.setError(error, params);
        return form.createForm(Pages.LOGIN);
    }

    private Response passkeyPage(AuthenticationFlowContext context, String error, Object... params) {
        PasskeyLoginConfig config = config(context);
        RealmModel realm = context.getRealm();
        UserModel user = identifiedUser(context);
        if (user != null) PendingPasskeys.activateDueIfMarked(session, realm, user);
        String shownName = context.getUser() != null ? context.getUser().getUsername()
                : context.getAuthenticationSession().getAuthNote(AuthNotes.LOGIN_USERNAME);
        List<StoredPasskey> passkeys = user == null ? List.of() : StoredPasskey.of(user);
        List<Map<String, Object>> allow = new ArrayList<>();
        if (!passkeys.isEmpty()) {
            passkeys.forEach(p -> allow.add(descriptor(p.rawId(), p.transports().stream())));
        } else {
            // no user, or one without passkeys: stable decoys, indistinguishable from a real account's list
            DecoyCredentials.forUsername(session, realm, shownName == null ? "" : shownName)
                    .forEach(d -> allow.add(descriptor(d.id(), d.transports().stream())));
        }
        boolean password = context.getUser() == null && context.getAuthenticationSession().getAuthNote(AuthNotes.LOGIN_PASSWORD_OFFERED) != null;
        // where a password is asked for, the password field offers the account's passkeys too
        PageData data = requestOptions(context, config).put("allowCredentials", allow).put("conditional", password && config.conditionalUi());
        LoginFormsProvider form = context.form()
                .setAttribute("pkf", PageModel.of(new PasskeyLoginPage(true, false, password && config.conditionalUi(), null, shownName,
                        context.getUser() == null, password, data.json())))
                .setAttribute("pkfSignInLink", signInLinkOffered(context));
        if (error != null) form.setError(error, params);
        return form.createForm(Pages.LOGIN_PASSKEY);
    }

    /** "Email me a sign-in link" is set up on the recovery step of the realm's reset-credentials flow. */
    private static boolean signInLinkOffered(AuthenticationFlowContext context) {
        RealmModel realm = context.getRealm();
        return realm.isResetPasswordAllowed() && context.getUser() == null
                && Config.bool(RealmFlows.stepConfig(realm, realm.getResetCredentialsFlow(), ProviderIds.RECOVERY), ConfigKeys.SIGN_IN_LINK, false);
    }

    private Response signalPage(AuthenticationFlowContext context, UserModel user, String rpId, List<PendingPasskey> pending) {
        PageData data = new PageData()
                .put("rpId", rpId)
                .put("userId", CredentialIds.base64Url(user.getId().getBytes(StandardCharsets.UTF_8)))
                .put("allAcceptedCredentialIds", AcceptedCredentials.of(user, pending, null))
                .put("name", user.getUsername())
                .put("displayName", SignalDigest.displayName(user));
        return context.form().setAttribute("pkfSignal", data.json()).createForm(Pages.LOGIN_SIGNAL);
    }

    private Response recoveryPendingPage(AuthenticationFlowContext context, List<PendingPasskey> waiting) {
        PendingPasskey first = waiting.get(0);
        return SecurityHeaders.noFraming(session, context.form()
                .setAttribute("pkfRecoveryPending", PageModel.of(new RecoveryPendingPage(first.createdAt(),
                        first.activateAt() == null ? 0 : first.activateAt(), first.createdAgent(), first.label())))
                .createForm(Pages.LOGIN_RECOVERY_PENDING));
    }

    /** The challenge for the page about to be shown, and the options every ceremony on it shares. */
    private PageData requestOptions(AuthenticationFlowContext context, PasskeyLoginConfig config) {
        // the page already open in this tab keeps working when another request shows it again
        String challenge = Challenges.forPage(session, context.getAuthenticationSession(), AuthNotes.LOGIN_CHALLENGE,
                timeoutSeconds(context.getRealm()));
        return new PageData()
                .put("challenge", challenge)
                .put("rpId", RelyingParty.of(session).id())
                .put("userVerification", config.userVerification())
                .put("timeout", timeoutSeconds(context.getRealm()) * 1000L)
                .put("hints", config.hints());
    }

    private static Map<String, Object> descriptor(byte[] id, Stream<String> transports) {
        // a fixed key order (Map.of iterates in an order chosen per JVM): every node, every start and
        // every account, real or decoy, renders the same JSON shape
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", CredentialIds.base64Url(id));
        d.put("transports", transports.sorted().toList());
        return d;
    }

    private static long timeoutSeconds(RealmModel realm) {
        int t = realm.getWebAuthnPolicyPasswordless().getCreateTimeout();
        return t > 0 ? t : 300;
    }

    private static void clearNotes(AuthenticationSessionModel authSession) {
        authSession.removeAuthNote(AuthNotes.LOGIN_CHALLENGE);
        authSession.removeAuthNote(AuthNotes.LOGIN_USERNAME);
        authSession.removeAuthNote(AuthNotes.LOGIN_VERIFIED_USER);
        authSession.removeAuthNote(AuthNotes.LOGIN_SIGNAL);
        authSession.removeAuthNote(AuthNotes.LOGIN_SIGNAL_SHOWN);
        authSession.removeAuthNote(AuthNotes.LOGIN_PENDING);
        authSession.removeAuthNote(AuthNotes.LOGIN_MODE);
        authSession.removeAuthNote(AuthNotes.LOGIN_PASSWORD_OFFERED);
        authSession.removeAuthNote(AuthNotes.LOGIN_PLACE);
        authSession.removeAuthNote(AuthNotes.LOGIN_PLACE_CHALLENGE);
        authSession.removeAuthNote(AuthNotes.LOGIN_PLACE_CODE);
        authSession.removeAuthNote(AuthNotes.LOGIN_PLACE_PROOF);
        authSession.removeAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME);
    }

    private static PasskeyLoginConfig config(AuthenticationFlowContext context) {
        return PasskeyLoginConfig.of(context.getAuthenticatorConfig());
    }

    private static String safeMode(MultivaluedMap<String, String> form) {
        String m = form.getFirst(FIELD_MODE);
        return m != null && (m.equals("conditional") || m.equals("button") || m.equals("username")) ? m : "unknown";
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return user.credentialManager().isConfiguredFor(WebAuthnCredentialModel.TYPE_PASSWORDLESS);
    }
}
