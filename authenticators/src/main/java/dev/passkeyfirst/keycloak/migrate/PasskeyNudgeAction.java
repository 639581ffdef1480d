package dev.passkeyfirst.keycloak.migrate;

import java.util.Optional;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.ceremony.CreationOptions;
import dev.passkeyfirst.keycloak.ceremony.PasskeyNotices;
import dev.passkeyfirst.keycloak.ceremony.PasskeyPolicyConfig;
import dev.passkeyfirst.keycloak.ceremony.RegistrationAction;
import dev.passkeyfirst.keycloak.ceremony.RegistrationCeremony;
import dev.passkeyfirst.keycloak.common.AfterRequest;
import dev.passkeyfirst.keycloak.common.FormGuard;
import dev.passkeyfirst.keycloak.common.PageData;
import dev.passkeyfirst.keycloak.common.PageModel;
import dev.passkeyfirst.keycloak.common.Requests;
import dev.passkeyfirst.keycloak.common.SecurityHeaders;
import dev.passkeyfirst.keycloak.events.PkfEvent;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.model.Enrollment;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.session.FallbackSessions;
import dev.passkeyfirst.keycloak.session.PasskeySessions;
import dev.passkeyfirst.keycloak.session.PasswordSignIns;
import dev.passkeyfirst.keycloak.session.PasswordSignIns.PasswordSignIn;
import dev.passkeyfirst.keycloak.vocabulary.AuthNotes;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.keycloak.vocabulary.SingleUseKeys;
import dev.passkeyfirst.keycloak.webauthn.AuthenticatorNames;
import dev.passkeyfirst.keycloak.webauthn.StoredPasskey;
import org.keycloak.WebAuthnConstants;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import com.webauthn4j.verifier.attestation.trustworthiness.certpath.CertPathTrustworthinessVerifier;

/**
 * The page after a password sign-in (DESIGN §4.6): where the browser's password manager can create
 * a passkey without a prompt (conditional create), it does, and the user is told; otherwise a
 * skippable offer to create one. The decision is the server's, from the realm's settings, the
 * user's answers so far (user attributes) and what the sign-in page reported of the browser.
 */
public class PasskeyNudgeAction extends RegistrationAction {

    static final String MODE_NUDGE = "NUDGE";
    static final String MODE_UPGRADE = "UPGRADE";
    static final String MODE_UPGRADED = "UPGRADED";

    static final String FIELD_NOT_NOW = "pkf.notNow";
    static final String FIELD_NEVER = "pkf.never";
    static final String FIELD_CANNOT_CREATE = "pkf.cannotCreate";
    static final String FIELD_UPGRADE_UNAVAILABLE = "pkf.upgradeUnavailable";
    static final String FIELD_CONDITIONAL = "pkf.conditional";
    static final String FIELD_CONTINUE = "pkf.continue";
    static final String FIELD_REMOVE_UPGRADED = "pkf.removeUpgraded";

    public PasskeyNudgeAction(KeycloakSession session, CertPathTrustworthinessVerifier trust, RegistrationCeremony registration) {
        super(session, trust, registration);
    }

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        // it follows a password sign-in; an application has nothing to start here
        return InitiatedActionSupport.NOT_SUPPORTED;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (authSession == null || authSession.getAuthNote(AuthNotes.NUDGE_DECIDED) != null) return;
        Optional<PasswordSignIn> password = PasswordSignIns.of(authSession);
        if (password.isEmpty()) return;
        authSession.setAuthNote(AuthNotes.NUDGE_DECIDED, "true");
        String mode = decide(context, password.get());
        if (mode == null) return;
        authSession.setAuthNote(AuthNotes.NUDGE_MODE, mode);
        authSession.addRequiredAction(ProviderIds.PASSKEY_NUDGE);
    }

    /** What follows this password sign-in: an automatic upgrade, the offer, or nothing (null). */
    private String decide(RequiredActionContext context, PasswordSignIn password) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        UserModel user = context.getUser();
        // an application's own action goes first and alone; a fallback session adds no passkey; an
        // account with a passkey adds the next one from a passkey sign-in (DESIGN §5)
        if (authSession.getClientNote(Constants.KC_ACTION) != null || FallbackSessions.isFallback(authSession)
                || user == null || !StoredPasskey.of(user).isEmpty()) return null;
        NudgeConfig config = NudgeConfig.of(context.getRealm());
        NudgeState state = NudgeState.of(user);
        if (state.never()) return null;
        if (config.autoUpgrade() && password.conditionalCreate() && password.within(config.upgradeWindowSeconds())) return MODE_UPGRADE;
        if (!config.nudge() || !state.due(Time.currentTime(), config.intervalSeconds())) return null;
        // a browser that said it cannot create a passkey is not asked to; one that said nothing checks on the page
        if (password.reported() && !password.canCreate()) return null;
        return MODE_NUDGE;
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        String mode = context.getAuthenticationSession().getAuthNote(AuthNotes.NUDGE_MODE);
        if (mode == null) {
            context.success();
            return;
        }
        if (MODE_NUDGE.equals(mode)) PkfEvent.NUDGE_SHOWN.from(context.getEvent()).success();
        context.challenge(page(context, mode, null));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String mode = authSession.getAuthNote(AuthNotes.NUDGE_MODE);
        UserModel user = context.getUser();
        context.getEvent().detail(Details.CREDENTIAL_TYPE, WebAuthnCredentialModel.TYPE_PASSWORDLESS);
        if (mode == null) {
            context.success();
            return;
        }
        if (FormGuard.problem(form) != null) {
            context.challenge(page(context, mode, "pkfErrorFormInvalid"));
            return;
        }
        NudgeConfig config = NudgeConfig.of(context.getRealm());
        NudgeState state = NudgeState.of(user);
        if (MODE_UPGRADED.equals(mode)) {
            if (form.containsKey(FIELD_REMOVE_UPGRADED)) removeUpgraded(context);
            done(context);
            return;
        }
        if (form.containsKey(FIELD_NOT_NOW)) {
            if (!MODE_NUDGE.equals(mode) || !config.skipAllowed(state)) {
                context.challenge(page(context, mode, "pkfErrorNudgeNoSkip"));
                return;
            }
            NudgeState after = NudgeState.skip(user, Time.currentTime());
            PkfEvent.NUDGE_SKIPPED.from(context.getEvent()).detail(PkfEvents.SKIPS, Integer.toString(after.skips())).success();
            done(context);
            return;
        }
        if (form.containsKey(FIELD_NEVER)) {
            if (!MODE_NUDGE.equals(mode) || !config.neverOffered() || !config.skipAllowed(state)) {
                context.challenge(page(context, mode, "pkfErrorNudgeNoSkip"));
                return;
            }
            NudgeState.never(user);
            PkfEvent.NUDGE_NEVER.from(context.getEvent()).success();
            done(context);
            return;
        }
        if (form.containsKey(FIELD_CANNOT_CREATE)) {
            // the page found that this browser cannot create a passkey: not a skip, nothing to remember
            done(context);
            return;
        }
        // on the upgrade's page, anything but the password manager's passkey means it made none
        if (form.containsKey(FIELD_UPGRADE_UNAVAILABLE) || (MODE_UPGRADE.equals(mode) && !"1".equals(form.getFirst(FIELD_CONDITIONAL)))) {
            // the password manager made no passkey: the offer, where it is due, else on with the sign-in
            if (MODE_UPGRADE.equals(mode) && config.nudge() && state.due(Time.currentTime(), config.intervalSeconds())) {
                authSession.setAuthNote(AuthNotes.NUDGE_MODE, MODE_NUDGE);
                PkfEvent.NUDGE_SHOWN.from(context.getEvent()).success();
                context.challenge(page(context, MODE_NUDGE, null));
                return;
            }
            done(context);
            return;
        }
        if ("1".equals(form.getFirst(FIELD_CONDITIONAL))) {
            upgrade(context, config, state);
            return;
        }
        create(context);
    }

    /** A passkey the password manager created without a prompt: accepted once, bound to this authentication's fresh password sign-in. */
    private void upgrade(RequiredActionContext context, NudgeConfig config, NudgeState state) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        UserModel user = context.getUser();
        Optional<PasswordSignIn> password = PasswordSignIns.of(authSession);
        String refusal = null;
        if (!MODE_UPGRADE.equals(authSession.getAuthNote(AuthNotes.NUDGE_MODE)) || !config.autoUpgrade()) {
            refusal = "not offered";
        } else if (password.isEmpty() || !password.get().within(config.upgradeWindowSeconds())) {
            refusal = "no password sign-in within the window";
        } else if (!StoredPasskey.of(user).isEmpty()) {
            refusal = "the account holds a passkey";
        } else if (!session.singleUseObjects().putIfAbsent(SingleUseKeys.UPGRADE + authSession.getParentSession().getId()
                + "." + authSession.getTabId(), config.upgradeWindowSeconds())) {
            refusal = "this sign-in's upgrade was already taken";
        }
        if (refusal != null) {
            PkfEvent.PASSKEY_REFUSED.from(context.getEvent()).detail(PkfEvents.REASON, "pkfErrorUpgradeRefused")
                    .error(Errors.INVALID_REGISTRATION);
            // nothing was shown to the user for this: the sign-in goes on as if no passkey had come
            done(context);
            return;
        }
        String challenge = authSession.getAuthNote(WebAuthnConstants.AUTH_CHALLENGE_NOTE);
        RegistrationCeremony.Result result = register(context, new RegistrationCeremony.Request(user, challenge,
                new RegistrationCeremony.Store(Enrollment.AUTOMATIC_UPGRADE, null), context.getEvent(), true));
        if (result instanceof RegistrationCeremony.Stored stored) {
            NudgeState.clear(user);
            authSession.setAuthNote(AuthNotes.NUDGE_UPGRADED, stored.credentialModelId());
            authSession.setAuthNote(AuthNotes.NUDGE_MODE, MODE_UPGRADED);
            PkfEvent.UPGRADE_CREATED.from(context.getEvent()).detail(PkfEvents.CREDENTIAL_ID, stored.credentialModelId()).success();
            context.challenge(page(context, MODE_UPGRADED, null));
            return;
        }
        // a refused or broken upgrade is invisible to the user, as if the password manager had declined
        if (config.nudge() && state.due(Time.currentTime(), config.intervalSeconds())) {
            authSession.setAuthNote(AuthNotes.NUDGE_MODE, MODE_NUDGE);
            context.challenge(page(context, MODE_NUDGE, null));
            return;
        }
        done(context);
    }

    /** The passkey the user creates from the offer: the ceremony core's pipeline, with presence and verification as always. */
    private void create(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        UserModel user = context.getUser();
        String mode = authSession.getAuthNote(AuthNotes.NUDGE_MODE);
        if (!MODE_NUDGE.equals(mode)) {
            context.challenge(page(context, mode, "pkfErrorFormInvalid"));
            return;
        }
        if (!StoredPasskey.of(user).isEmpty()
                && PasskeySessions.lastPasskeySignIn(session, context.getRealm(), authSession).isEmpty()) {
            // a passkey arrived meanwhile: the next one is added from a passkey sign-in
            done(context);
            return;
        }
        String challenge = authSession.getAuthNote(WebAuthnConstants.AUTH_CHALLENGE_NOTE);
        RegistrationCeremony.Result result = register(context, new RegistrationCeremony.Request(user, challenge,
                new RegistrationCeremony.Store(Enrollment.THIS_DEVICE, null), context.getEvent()));
        if (result instanceof RegistrationCeremony.Stored stored) {
            NudgeState.clear(user);
            PkfEvent.NUDGE_CREATED.from(context.getEvent()).detail(PkfEvents.CREDENTIAL_ID, stored.credentialModelId()).success();
            done(context);
        } else if (result instanceof RegistrationCeremony.Refused refused) {
            context.challenge(page(context, MODE_NUDGE, refused.refusal().messageKey()));
        } else {
            context.challenge(page(context, MODE_NUDGE, "pkfErrorCreateCancelled"));
        }
    }

    /** Only the passkey this authentication's upgrade made, only from its notice. */
    private void removeUpgraded(RequiredActionContext context) {
        String id = context.getAuthenticationSession().getAuthNote(AuthNotes.NUDGE_UPGRADED);
        UserModel user = context.getUser();
        Optional<StoredPasskey> made = StoredPasskey.of(user).stream().filter(p -> p.credentialModelId().equals(id)).findFirst();
        if (made.isEmpty()) return;
        String label = made.get().model().getUserLabel();
        String aaguid = made.get().data().getAaguid();
        user.credentialManager().removeStoredCredentialById(id);
        session.getProvider(PasskeyRecordStore.class).remove(context.getRealm(), id);
        PkfEvent.UPGRADE_REMOVED.from(context.getEvent()).detail(PkfEvents.CREDENTIAL_ID, id).success();
        PasskeyNotices.removed(session, context.getRealm(), user, label, aaguid);
    }

    private static void done(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.removeAuthNote(AuthNotes.NUDGE_MODE);
        authSession.removeAuthNote(AuthNotes.NUDGE_UPGRADED);
        context.success();
    }

    private Response page(RequiredActionContext context, String mode, String error) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        UserModel user = context.getUser();
        RealmModel realm = context.getRealm();
        NudgeConfig config = NudgeConfig.of(realm);
        NudgeState state = NudgeState.of(user);
        String upgradedName = null;
        String provider = null;
        String data = "{}";
        if (MODE_UPGRADED.equals(mode)) {
            String id = authSession.getAuthNote(AuthNotes.NUDGE_UPGRADED);
            Optional<StoredPasskey> made = StoredPasskey.of(user).stream().filter(p -> p.credentialModelId().equals(id)).findFirst();
            upgradedName = made.map(p -> p.model().getUserLabel()).orElse("");
            provider = made.map(p -> AuthenticatorNames.provider(session, p.data().getAaguid())).orElse(null);
        } else {
            PasskeyPolicyConfig policy = PasskeyPolicyConfig.of(realm.getRequiredActionConfigByAlias(ProviderIds.CREATE_PASSKEY));
            PageData options = CreationOptions.build(session, realm, user, CreationOptions.challenge(session, authSession), policy.hints());
            data = options.json();
        }
        boolean probe = PasswordSignIns.of(authSession).map(p -> !p.reported()).orElse(true);
        LoginFormsProvider form = context.form().setAttribute("pkfNudge", PageModel.of(new NudgePage(mode, probe,
                Requests.agentOrEmpty(session), config.skipAllowed(state), config.neverOffered() && config.skipAllowed(state),
                upgradedName, provider, data)));
        if (error != null) form.setError(error);
        return SecurityHeaders.noFraming(session, form.createForm(Pages.PASSKEY_NUDGE));
    }
}
