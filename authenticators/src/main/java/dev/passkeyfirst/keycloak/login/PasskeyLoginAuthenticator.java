package dev.passkeyfirst.keycloak.login;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.common.FallbackSessions;
import dev.passkeyfirst.keycloak.common.PageData;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.model.PasskeyRecord;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.model.PasskeyUse;
import dev.passkeyfirst.keycloak.model.PendingPasskey;
import dev.passkeyfirst.keycloak.recovery.AccountProofs;
import dev.passkeyfirst.keycloak.recovery.RecoveryActivation;
import dev.passkeyfirst.keycloak.recovery.RecoveryConfig;
import dev.passkeyfirst.keycloak.common.SecurityHeaders;
import dev.passkeyfirst.keycloak.util.CredentialIds;
import dev.passkeyfirst.keycloak.util.UserAgents;
import dev.passkeyfirst.keycloak.webauthn.AcceptedCredentials;
import dev.passkeyfirst.keycloak.webauthn.AssertionResponse;
import dev.passkeyfirst.keycloak.webauthn.BadInputException;
import dev.passkeyfirst.keycloak.webauthn.Challenges;
import dev.passkeyfirst.keycloak.webauthn.DecoyCredentials;
import dev.passkeyfirst.keycloak.webauthn.FormFields;
import dev.passkeyfirst.keycloak.webauthn.PasskeyVerifier;
import dev.passkeyfirst.keycloak.webauthn.RelyingParty;
import dev.passkeyfirst.keycloak.webauthn.StoredPasskey;
import dev.passkeyfirst.keycloak.webauthn.VerificationFailedException;
import dev.passkeyfirst.keycloak.webauthn.VerifiedAssertion;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
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
 * an account that does not exist. Every assertion is validated field by field, verified with
 * webauthn4j against the one credential it names, and completed only by the request that claims
 * its challenge across the cluster.
 */
public class PasskeyLoginAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(PasskeyLoginAuthenticator.class);

    static final String TEMPLATE_START = "pkf-login.ftl";
    static final String TEMPLATE_PASSKEY = "pkf-login-passkey.ftl";
    static final String TEMPLATE_SIGNAL = "pkf-login-signal.ftl";

    static final String NOTE_CHALLENGE = "pkf.login.challenge";
    static final String NOTE_USERNAME = "pkf.login.username";
    static final String NOTE_VERIFIED_USER = "pkf.login.verifiedUser";
    static final String NOTE_MODE = "pkf.login.mode";
    static final String NOTE_RECOVERY_CANCELLED = "pkf.login.recoveryCancelled";
    static final String TEMPLATE_RECOVERY_PENDING = "pkf-login-recovery-pending.ftl";

    /** Session notes the device-bound condition and later steps read. */
    public static final String NOTE_CREDENTIAL = "pkf.passkey.credential";
    public static final String NOTE_DEVICE_BOUND = "pkf.passkey.deviceBound";
    public static final String NOTE_USER_VERIFIED = "pkf.passkey.userVerified";
    public static final String NOTE_ATTACHMENT = "pkf.passkey.attachment";

    static final String FIELD_USERNAME = "username";
    static final String FIELD_ERROR = "error";
    static final String FIELD_RESTART = "pkf.restart";
    static final String FIELD_CONTINUE = "pkf.continue";
    static final String FIELD_SIGNAL = "pkf.signal";
    static final String FIELD_MODE = "pkf.mode";

    private final KeycloakSession session;
    private final PasskeyVerifier verifier;

    public PasskeyLoginAuthenticator(KeycloakSession session, PasskeyVerifier verifier) {
        this.session = session;
        this.verifier = verifier;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        context.challenge(currentPage(context, null));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (form.containsKey(FIELD_CONTINUE) && authSession.getAuthNote(NOTE_VERIFIED_USER) != null) {
            finish(context, authSession.getAuthNote(NOTE_VERIFIED_USER));
            return;
        }
        if ((form.containsKey("pkf.recoveryKeep") || form.containsKey("pkf.recoveryCancel")) && authSession.getAuthNote(NOTE_VERIFIED_USER) != null) {
            UserModel owner = session.users().getUserById(context.getRealm(), authSession.getAuthNote(NOTE_VERIFIED_USER));
            if (owner != null && form.containsKey("pkf.recoveryCancel")) {
                PasskeyRecordStore records = session.getProvider(PasskeyRecordStore.class);
                RecoveryActivation.waiting(session, context.getRealm(), owner).forEach(p -> records.removePending(context.getRealm(), p.id()));
                AccountProofs.freeze(owner);
                context.getEvent().clone().event(org.keycloak.events.EventType.REMOVE_CREDENTIAL).user(owner)
                        .detail(PkfEvents.ACTION, "recovery_cancelled_from_device").success();
                authSession.setAuthNote(NOTE_RECOVERY_CANCELLED, "true");
            }
            finish(context, authSession.getAuthNote(NOTE_VERIFIED_USER));
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
            refuse(context, e.getMessage(), "pkfErrorPasskeyInvalid");
            return;
        }
        if (promptError != null) {
            // The browser's dialog was cancelled, timed out or found no passkey for the offered ids.
            // The same answer whether or not the username exists.
            LOG.debugf("passkey prompt ended without an assertion: %s", promptError);
            context.challenge(currentPage(context, "pkfErrorPasskeyCancelled"));
            return;
        }
        if (AssertionResponse.present(form)) {
            assertion(context, form);
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
            refuse(context, e.getMessage(), "pkfErrorUsernameInvalid");
            return;
        }
        if (username == null || username.isBlank()) {
            context.challenge(startPage(context, "pkfErrorUsernameMissing"));
            return;
        }
        username = username.trim();
        context.getAuthenticationSession().setAuthNote(NOTE_USERNAME, username);
        context.getAuthenticationSession().setAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME, username);
        context.challenge(passkeyPage(context, null));
    }

    private void assertion(AuthenticationFlowContext context, MultivaluedMap<String, String> form) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        RealmModel realm = context.getRealm();
        PasskeyLoginConfig config = config(context);
        String mode = safeMode(form);
        context.getEvent().detail(Details.CREDENTIAL_TYPE, WebAuthnCredentialModel.TYPE_PASSWORDLESS)
                .detail(PkfEvents.SIGN_IN_MODE, mode);

        AssertionResponse response;
        try {
            response = AssertionResponse.parse(form);
        } catch (BadInputException e) {
            refuse(context, e.getMessage(), "pkfErrorPasskeyInvalid");
            return;
        }
        String challenge = authSession.getAuthNote(NOTE_CHALLENGE);
        authSession.removeAuthNote(NOTE_CHALLENGE);
        if (challenge == null) {
            refuse(context, "no challenge in this authentication session", "pkfErrorPasskeyExpired");
            return;
        }

        boolean usernameStep = context.getUser() != null || authSession.getAuthNote(NOTE_USERNAME) != null;
        UserModel user;
        List<byte[]> allowCredentials = null;
        if (usernameStep) {
            user = identifiedUser(context);
            if (user == null) {
                refuse(context, "username step for an account without passkeys", "pkfErrorPasskeyNotRecognized");
                return;
            }
            if (response.userHandle() != null && !Arrays.equals(response.userHandle(), user.getId().getBytes(StandardCharsets.UTF_8))) {
                refuse(context, "user handle belongs to another account than the username", "pkfErrorPasskeyNotRecognized");
                return;
            }
            allowCredentials = StoredPasskey.of(user).stream().map(StoredPasskey::rawId).toList();
        } else {
            if (response.userHandle() == null) {
                refuse(context, "discoverable assertion without user handle", "pkfErrorPasskeyNotRecognized");
                return;
            }
            String userId = utf8(response.userHandle());
            user = userId == null ? null : session.users().getUserById(realm, userId);
            if (user == null) {
                refuse(context, "user handle names no user of this realm", "pkfErrorPasskeyNotRecognized");
                return;
            }
        }

        Optional<StoredPasskey> stored = StoredPasskey.find(user, response.credentialId());
        if (stored.isEmpty() && RecoveryActivation.activateDue(session, realm, user)) {
            // a recovered passkey whose waiting period just ended: it is a credential from now on
            stored = StoredPasskey.find(user, response.credentialId());
        }
        if (stored.isEmpty()) {
            if (!usernameStep) {
                // The browser offered a passkey this account no longer has: let its provider hide it.
                // Never in the username step, where it would tell a typed username's account exists.
                context.form().setAttribute("pkfUnknownCredential", new PageData()
                        .put("rpId", RelyingParty.of(session).id())
                        .put("credentialId", CredentialIds.base64Url(response.credentialId())).json());
            }
            refuse(context, "credential is not one of the account's passkeys", "pkfErrorPasskeyNotRecognized");
            return;
        }

        PasskeyRecordStore records = session.getProvider(PasskeyRecordStore.class);
        Optional<PasskeyRecord> record = records.get(realm, stored.get().credentialModelId());
        // the newer of Keycloak's copy (its own steps update it) and ours (updated at every sign-in of ours)
        long knownSignCount = Math.max(stored.get().data().getCounter(), record.map(PasskeyRecord::signCount).orElse(0L));
        VerifiedAssertion verified;
        try {
            verified = verifier.verify(response, stored.get(), record.map(PasskeyRecord::backupEligible).orElse(null),
                    knownSignCount, RelyingParty.of(session), challenge, config.userVerificationRequired(), allowCredentials);
        } catch (VerificationFailedException e) {
            context.getEvent().user(user);
            refuse(context, e.getMessage(), "pkfErrorPasskeyNotRecognized");
            return;
        }
        if (!Challenges.claim(session, challenge, timeoutSeconds(realm))) {
            context.getEvent().user(user);
            refuse(context, "challenge already used by another request", "pkfErrorPasskeyExpired");
            return;
        }
        if (!user.isEnabled()) {
            context.getEvent().user(user).error(Errors.USER_DISABLED);
            context.failureChallenge(AuthenticationFlowError.USER_DISABLED, currentPage(context, "pkfErrorAccountDisabled"));
            return;
        }

        boolean lastUseWritten = records.recordUse(realm, new PasskeyUse(stored.get().credentialModelId(), user.getId(),
                CredentialIds.hash(stored.get().rawId()), stored.get().data().getAaguid(), stored.get().transports(),
                verified.backupEligible(), verified.backupState(),
                UserAgents.summarize(userAgent()).text(), context.getConnection().getRemoteAddr(), null, Time.currentTimeMillis(),
                verified.signCount()), config.lastUsedIntervalMillis());
        if (lastUseWritten) updateKeycloakCounter(user, stored.get(), verified);

        setSessionNotes(authSession, stored.get(), verified, response.authenticatorAttachment());
        authSession.setAuthNote(NOTE_MODE, mode);
        List<PendingPasskey> waiting = RecoveryActivation.waiting(session, realm, user);
        if (!waiting.isEmpty()) {
            // someone is recovering this account while its owner still holds a passkey: ask
            authSession.setAuthNote(NOTE_VERIFIED_USER, user.getId());
            context.challenge(recoveryPendingPage(context, waiting));
            return;
        }
        if (config.signalApi() && "1".equals(form.getFirst(FIELD_SIGNAL))) {
            authSession.setAuthNote(NOTE_VERIFIED_USER, user.getId());
            context.challenge(signalPage(context, user));
            return;
        }
        complete(context, user);
    }

    /** The sign-in succeeds here, in the assertion's request or in the one after the Signal API page. */
    private void complete(AuthenticationFlowContext context, UserModel user) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        context.getEvent().user(user)
                .detail(Details.CREDENTIAL_TYPE, WebAuthnCredentialModel.TYPE_PASSWORDLESS)
                .detail(PkfEvents.ACTION, PkfEvents.PASSKEY_SIGN_IN)
                .detail(PkfEvents.SIGN_IN_MODE, authSession.getAuthNote(NOTE_MODE))
                .detail(Details.CREDENTIAL_ID, authSession.getAuthNote(NOTE_CREDENTIAL))
                .detail(PkfEvents.DEVICE_BOUND, authSession.getAuthNote(NOTE_DEVICE_BOUND))
                .detail(PkfEvents.USER_VERIFIED, authSession.getAuthNote(NOTE_USER_VERIFIED));
        String attachment = authSession.getAuthNote(NOTE_ATTACHMENT);
        if (attachment != null && !attachment.isEmpty()) context.getEvent().detail(PkfEvents.ATTACHMENT, attachment);
        // a passkey sign-in lifts a "this wasn't me" freeze of email and SMS proofs, unless it just set one
        if (authSession.getAuthNote(NOTE_RECOVERY_CANCELLED) == null) AccountProofs.unfreeze(user);
        FallbackSessions.clear(authSession);
        authSession.removeAuthNote(NOTE_RECOVERY_CANCELLED);
        HybridOffer.offerIfHybrid(session, context, user, config(context));
        clearNotes(authSession);
        context.setUser(user);
        context.success();
    }

    private void finish(AuthenticationFlowContext context, String userId) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.removeAuthNote(NOTE_VERIFIED_USER);
        UserModel user = session.users().getUserById(context.getRealm(), userId);
        if (user == null || !user.isEnabled()) {
            clearNotes(authSession);
            context.challenge(startPage(context, "pkfErrorPasskeyNotRecognized"));
            return;
        }
        complete(context, user);
    }

    /** The account the username step names, or the one an earlier step identified; null if none holds a passkey. */
    private UserModel identifiedUser(AuthenticationFlowContext context) {
        if (context.getUser() != null) return context.getUser();
        String username = context.getAuthenticationSession().getAuthNote(NOTE_USERNAME);
        return username == null ? null : KeycloakModelUtils.findUserByNameOrEmail(session, context.getRealm(), username);
    }

    /**
     * Brings Keycloak's own copy of the counter up to date, as often as the last-used facts are written
     * (every few minutes), not at every sign-in: rewriting Keycloak's credential evicts the whole user
     * from Keycloak's cache, so the next request reloads the user, its attributes, credentials, groups
     * and roles (ten statements instead of one). Our record holds the counter of every sign-in, and
     * our check takes the higher of the two; Keycloak's own WebAuthn steps, should they be used for
     * this passkey, check against their copy, which is then at most a few minutes behind.
     */
    private void updateKeycloakCounter(UserModel user, StoredPasskey stored, VerifiedAssertion verified) {
        // authenticators that keep no counter (most synced passkeys) always send 0: nothing to write
        if (verified.signCount() <= stored.data().getCounter()) return;
        WebAuthnCredentialModel model = stored.model();
        model.updateCounter(verified.signCount());
        user.credentialManager().updateStoredCredential(model);
    }

    private static void setSessionNotes(AuthenticationSessionModel authSession, StoredPasskey stored, VerifiedAssertion verified, String attachment) {
        Map<String, String> notes = Map.of(
                NOTE_CREDENTIAL, stored.credentialModelId(),
                NOTE_DEVICE_BOUND, Boolean.toString(verified.deviceBound()),
                NOTE_USER_VERIFIED, Boolean.toString(verified.userVerified()),
                NOTE_ATTACHMENT, attachment == null ? "" : attachment);
        notes.forEach((k, v) -> {
            authSession.setAuthNote(k, v);
            authSession.setUserSessionNote(k, v);
        });
    }

    /** Answers a refused attempt with the page the user was on, a translated message and a fresh challenge. */
    private void refuse(AuthenticationFlowContext context, String reason, String message) {
        LOG.warnf("passkey sign-in refused in realm %s: %s", context.getRealm().getName(), reason);
        context.getEvent().detail(PkfEvents.REASON, reason).error(Errors.INVALID_USER_CREDENTIALS);
        context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, currentPage(context, message));
    }

    private Response currentPage(AuthenticationFlowContext context, String error) {
        boolean passkeyStep = context.getUser() != null
                || context.getAuthenticationSession().getAuthNote(NOTE_USERNAME) != null;
        return passkeyStep && config(context).usernameFirst() || context.getUser() != null
                ? passkeyPage(context, error) : startPage(context, error);
    }

    private Response startPage(AuthenticationFlowContext context, String error) {
        PasskeyLoginConfig config = config(context);
        String challenge = newChallenge(context);
        RelyingParty rp = RelyingParty.of(session);
        String loginHint = context.getAuthenticationSession().getClientNote(OIDCLoginProtocol.LOGIN_HINT_PARAM);
        PageData data = requestOptions(context, challenge, rp, config)
                .put("conditional", config.conditionalUi())
                .put("hints", config.hints());
        LoginFormsProvider form = context.form()
                .setAttribute("pkf", new PasskeyLoginPage(config.usernameFirst(), config.passkeyButton(), config.conditionalUi(),
                        loginHint == null ? "" : loginHint, null, false, data.json()))
                .setAttribute("pkfSignInLink", signInLinkOffered(context));
        if (error != null) form.setError(error);
        return form.createForm(TEMPLATE_START);
    }

    private Response passkeyPage(AuthenticationFlowContext context, String error) {
        PasskeyLoginConfig config = config(context);
        RealmModel realm = context.getRealm();
        String challenge = newChallenge(context);
        RelyingParty rp = RelyingParty.of(session);
        UserModel user = identifiedUser(context);
        if (user != null) RecoveryActivation.activateDue(session, realm, user);
        String shownName = context.getUser() != null ? context.getUser().getUsername()
                : context.getAuthenticationSession().getAuthNote(NOTE_USERNAME);
        List<StoredPasskey> passkeys = user == null ? List.of() : StoredPasskey.of(user);
        List<Map<String, Object>> allow = new ArrayList<>();
        if (!passkeys.isEmpty()) {
            passkeys.forEach(p -> allow.add(descriptor(p.rawId(), p.transports().stream())));
        } else {
            // no user, or one without passkeys: stable decoys, indistinguishable from a real account's list
            DecoyCredentials.forUsername(session, realm, shownName == null ? "" : shownName)
                    .forEach(d -> allow.add(descriptor(d.id(), d.transports().stream())));
        }
        PageData data = requestOptions(context, challenge, rp, config)
                .put("allowCredentials", allow)
                .put("hints", List.of("security-key", "client-device", "hybrid"));
        LoginFormsProvider form = context.form()
                .setAttribute("pkf", new PasskeyLoginPage(true, false, false, "", shownName,
                        context.getUser() == null, data.json()))
                .setAttribute("pkfSignInLink", signInLinkOffered(context));
        if (error != null) form.setError(error);
        return form.createForm(TEMPLATE_PASSKEY);
    }

    /** "Email me a sign-in link" is set up on the recovery step of the realm's reset-credentials flow. */
    private static boolean signInLinkOffered(AuthenticationFlowContext context) {
        return context.getRealm().isResetPasswordAllowed() && RecoveryConfig.of(context.getRealm()).signInLink()
                && context.getUser() == null;
    }

    private Response signalPage(AuthenticationFlowContext context, UserModel user) {
        RelyingParty rp = RelyingParty.of(session);
        List<String> accepted = AcceptedCredentials.of(user, null);
        String displayName = Stream.of(user.getFirstName(), user.getLastName()).filter(s -> s != null && !s.isBlank())
                .reduce((a, b) -> a + " " + b).orElse(user.getUsername());
        PageData data = new PageData()
                .put("rpId", rp.id())
                .put("userId", CredentialIds.base64Url(user.getId().getBytes(StandardCharsets.UTF_8)))
                .put("allAcceptedCredentialIds", accepted)
                .put("name", user.getUsername())
                .put("displayName", displayName);
        return context.form().setAttribute("pkfSignal", data.json()).createForm(TEMPLATE_SIGNAL);
    }

    private Response recoveryPendingPage(AuthenticationFlowContext context, List<PendingPasskey> waiting) {
        PendingPasskey first = waiting.get(0);
        return SecurityHeaders.noFraming(session, context.form()
                .setAttribute("pkfRecoveryPending", new RecoveryPendingPage(first.createdAt(), first.activateAt(),
                        first.createdAgent() == null ? "" : first.createdAgent(), first.label()))
                .createForm(TEMPLATE_RECOVERY_PENDING));
    }

    private PageData requestOptions(AuthenticationFlowContext context, String challenge, RelyingParty rp, PasskeyLoginConfig config) {
        return new PageData()
                .put("challenge", challenge)
                .put("rpId", rp.id())
                .put("userVerification", config.userVerification())
                .put("timeout", timeoutSeconds(context.getRealm()) * 1000L);
    }

    private static Map<String, Object> descriptor(byte[] id, Stream<String> transports) {
        // a fixed key order (Map.of iterates in an order chosen per JVM): every node, every start and
        // every account, real or decoy, renders the same JSON shape
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("id", CredentialIds.base64Url(id));
        d.put("transports", transports.sorted().toList());
        return d;
    }

    private String newChallenge(AuthenticationFlowContext context) {
        String challenge = Challenges.create();
        context.getAuthenticationSession().setAuthNote(NOTE_CHALLENGE, challenge);
        return challenge;
    }

    private static long timeoutSeconds(RealmModel realm) {
        int t = realm.getWebAuthnPolicyPasswordless().getCreateTimeout();
        return t > 0 ? t : 300;
    }

    private static void clearNotes(AuthenticationSessionModel authSession) {
        authSession.removeAuthNote(NOTE_CHALLENGE);
        authSession.removeAuthNote(NOTE_USERNAME);
        authSession.removeAuthNote(NOTE_VERIFIED_USER);
        authSession.removeAuthNote(NOTE_MODE);
        authSession.removeAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME);
    }

    private static PasskeyLoginConfig config(AuthenticationFlowContext context) {
        return PasskeyLoginConfig.of(context.getAuthenticatorConfig());
    }

    private static String safeMode(MultivaluedMap<String, String> form) {
        String m = form.getFirst(FIELD_MODE);
        return m != null && (m.equals("conditional") || m.equals("button") || m.equals("username")) ? m : "unknown";
    }

    private String userAgent() {
        return session.getContext().getRequestHeaders().getHeaderString("User-Agent");
    }

    /** User handles are the UTF-8 bytes of Keycloak's user id; anything else names no user. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return user.credentialManager().isConfiguredFor(WebAuthnCredentialModel.TYPE_PASSWORDLESS);
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
