package dev.passkeyfirst.keycloak.register;

import dev.passkeyfirst.keycloak.common.FormGuard;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.ceremony.CreationOptions;
import dev.passkeyfirst.keycloak.ceremony.PasskeyPolicyConfig;
import dev.passkeyfirst.keycloak.ceremony.RegistrationAction;
import dev.passkeyfirst.keycloak.ceremony.RegistrationCeremony;
import dev.passkeyfirst.keycloak.common.PageData;
import dev.passkeyfirst.keycloak.common.PageModel;
import dev.passkeyfirst.keycloak.common.RealmFlows;
import dev.passkeyfirst.keycloak.common.Requests;
import dev.passkeyfirst.keycloak.common.SecurityHeaders;
import dev.passkeyfirst.keycloak.events.PkfEvent;
import dev.passkeyfirst.keycloak.model.Enrollment;
import dev.passkeyfirst.keycloak.session.FallbackSessions;
import dev.passkeyfirst.keycloak.session.PasskeySessions;
import dev.passkeyfirst.keycloak.vocabulary.AuthNotes;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.keycloak.webauthn.StoredPasskey;
import org.keycloak.WebAuthnConstants;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.Details;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;

import com.webauthn4j.verifier.attestation.trustworthiness.certpath.CertPathTrustworthinessVerifier;

/**
 * "Create a passkey on this device": our page (an editable name prefilled from the device, no
 * {@code window.prompt}, {@code excludeCredentials}, hints), the registration pipeline of the ceremony
 * core, and one rule of its own: only a session that proved one of the account's passkeys may add
 * another (DESIGN §5). Under Keycloak's own id it serves the account console's "Set up", in realms
 * that chose the pack; elsewhere that id keeps Keycloak's own behaviour.
 */
public class CreatePasskeyAction extends RegistrationAction {

    static final String FIELD_ANOTHER_DEVICE = "pkf.anotherDevice";
    static final String FIELD_NOT_NOW = "pkf.notNow";
    static final String FIELD_MANAGE = "pkf.managePasskeys";

    /** Serving Keycloak's own {@code webauthn-register-passwordless}: only realms that chose the pack get ours. */
    private final boolean stockId;

    public CreatePasskeyAction(KeycloakSession session, CertPathTrustworthinessVerifier trust, RegistrationCeremony registration,
                               boolean stockId) {
        super(session, trust, registration);
        this.stockId = stockId;
    }

    private boolean stockBehaviour(RequiredActionContext context) {
        return stockId && !RealmFlows.usesPack(context.getRealm());
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if (stockBehaviour(context)) {
            super.requiredActionChallenge(context);
            return;
        }
        UserModel user = context.getUser();
        if (Constants.KC_ACTION_PARAMETER_SKIP_IF_EXISTS.equals(context.getAuthenticationSession().getClientNote(Constants.KC_ACTION_PARAMETER))
                && !StoredPasskey.of(user).isEmpty()) {
            context.success();
            return;
        }
        context.challenge(page(context, mayAddPasskey(context) ? null : whyNot(context)));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        if (stockBehaviour(context)) {
            super.processAction(context);
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        context.getEvent().detail(Details.CREDENTIAL_TYPE, WebAuthnCredentialModel.TYPE_PASSWORDLESS);
        if (FormGuard.problem(form) != null) {
            context.challenge(page(context, "pkfErrorCreateInvalid"));
            return;
        }
        if (form.containsKey(FIELD_ANOTHER_DEVICE) && offered(context, ProviderIds.ADD_DEVICE)) {
            // the other device gets its own step, which checks for itself that this session may add one
            context.getAuthenticationSession().addRequiredAction(ProviderIds.ADD_DEVICE);
            context.success();
            return;
        }
        if (form.containsKey(FIELD_NOT_NOW) && context.getAuthenticationSession().getAuthNote(AuthNotes.CREATE_OFFER) != null) {
            context.getAuthenticationSession().removeAuthNote(AuthNotes.CREATE_OFFER);
            PkfEvent.PASSKEY_OFFER_DECLINED.from(context.getEvent()).success();
            context.success();
            return;
        }
        if (form.containsKey(FIELD_MANAGE) && offered(context, ProviderIds.PASSKEYS)) {
            // that page checks for itself whether this session may change anything
            context.getAuthenticationSession().addRequiredAction(ProviderIds.PASSKEYS);
            context.success();
            return;
        }
        if (!mayAddPasskey(context)) {
            context.challenge(page(context, whyNot(context)));
            return;
        }
        String challenge = context.getAuthenticationSession().getAuthNote(WebAuthnConstants.AUTH_CHALLENGE_NOTE);
        RegistrationCeremony.Result result = register(context, new RegistrationCeremony.Request(context.getUser(), challenge,
                new RegistrationCeremony.Store(enrollment(context), null), context.getEvent()));
        if (result instanceof RegistrationCeremony.Stored) {
            context.success();
        } else if (result instanceof RegistrationCeremony.Refused refused) {
            context.challenge(page(context, refused.refusal().messageKey()));
        } else {
            context.challenge(page(context, "pkfErrorCreateCancelled"));
        }
    }

    /**
     * Only a session that proved one of the account's passkeys may add another: a session of a
     * lower level (a password, an email link) must go through recovery (DESIGN §5). An account
     * without passkeys may create its first one, but never from a fallback session (an emailed
     * sign-in link): that would make whoever reads the mailbox a passkey holder without recovery's
     * waiting period.
     */
    private boolean mayAddPasskey(RequiredActionContext context) {
        if (FallbackSessions.isFallback(context.getAuthenticationSession())) return false;
        if (StoredPasskey.of(context.getUser()).isEmpty()) return true;
        return PasskeySessions.lastPasskeySignIn(session, context.getRealm(), context.getAuthenticationSession()).isPresent();
    }

    /** The message of a session that may not add a passkey. */
    private static String whyNot(RequiredActionContext context) {
        return FallbackSessions.isFallback(context.getAuthenticationSession()) ? "pkfRecoveryFallbackNote" : "pkfErrorCreateNeedsPasskeySignIn";
    }

    private Response page(RequiredActionContext context, String error) {
        UserModel user = context.getUser();
        RealmModel realm = context.getRealm();
        PasskeyPolicyConfig policy = PasskeyPolicyConfig.of(realm.getRequiredActionConfigByAlias(ProviderIds.CREATE_PASSKEY));
        String challenge = CreationOptions.challenge(session, context.getAuthenticationSession());
        PageData data = CreationOptions.build(session, realm, user, challenge, policy.hints());
        LoginFormsProvider form = context.form()
                .setAttribute("pkfCreate", PageModel.of(new CreatePasskeyPage(Requests.agentOrEmpty(session), policy.deviceBoundOnly(),
                        context.getAuthenticationSession().getClientNote(Constants.KC_ACTION) != null, mayAddPasskey(context),
                        offered(context, ProviderIds.ADD_DEVICE), offered(context, ProviderIds.PASSKEYS),
                        context.getAuthenticationSession().getAuthNote(AuthNotes.CREATE_OFFER) != null, data.json())));
        if (error != null) form.setError(error);
        return SecurityHeaders.noFraming(session, form.createForm(Pages.CREATE_PASSKEY));
    }

    /** Another of our steps is offered from this page to accounts that already hold a passkey, where the realm enabled it. */
    private static boolean offered(RequiredActionContext context, String action) {
        var model = context.getRealm().getRequiredActionProviderByAlias(action);
        return model != null && model.isEnabled() && !StoredPasskey.of(context.getUser()).isEmpty();
    }

    private static Enrollment enrollment(RequiredActionContext context) {
        return context.getAuthenticationSession().getAuthNote(AuthNotes.CREATE_SIGN_UP) != null ? Enrollment.SIGN_UP : Enrollment.THIS_DEVICE;
    }
}
