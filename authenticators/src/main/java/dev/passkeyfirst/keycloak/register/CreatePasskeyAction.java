package dev.passkeyfirst.keycloak.register;

import dev.passkeyfirst.keycloak.common.AccountConsole;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.common.PageData;
import dev.passkeyfirst.keycloak.devices.PasskeysActionFactory;
import dev.passkeyfirst.keycloak.enroll.AddDeviceActionFactory;
import dev.passkeyfirst.keycloak.login.HybridOffer;
import dev.passkeyfirst.keycloak.common.PasskeySessions;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.model.Enrollment;
import dev.passkeyfirst.keycloak.model.PasskeyRecord;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.notify.Notifications;
import dev.passkeyfirst.keycloak.util.CredentialIds;
import dev.passkeyfirst.keycloak.util.UserAgents;
import dev.passkeyfirst.keycloak.webauthn.AttestationFacts;
import dev.passkeyfirst.keycloak.webauthn.AuthenticatorNames;
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
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.verifier.attestation.trustworthiness.certpath.CertPathTrustworthinessVerifier;

/**
 * "Create a passkey on this device". Keycloak's own passwordless registration verifies and stores
 * the credential; this step shows our page (an editable name prefilled from the device, no
 * {@code window.prompt}), always sends {@code excludeCredentials} and hints, and before delegating
 * checks what Keycloak does not: every posted field's shape, that the posted id is the one in the
 * authenticator data, the realm's device-bound and AAGUID policy, uniqueness of the id in the realm,
 * that this session may add a passkey at all, and one cluster-wide claim of the challenge.
 */
public class CreatePasskeyAction extends WebAuthnPasswordlessRegister {

    private static final Logger LOG = Logger.getLogger(CreatePasskeyAction.class);

    static final String TEMPLATE = "pkf-create-passkey.ftl";
    static final int LABEL_MAX = 64;

    private final KeycloakSession session;
    private final AttestationObjectConverter attestationConverter;

    public CreatePasskeyAction(KeycloakSession session, CertPathTrustworthinessVerifier trust,
                               AttestationObjectConverter attestationConverter) {
        super(session, trust);
        this.session = session;
        this.attestationConverter = attestationConverter;
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        UserModel user = context.getUser();
        if (Constants.KC_ACTION_PARAMETER_SKIP_IF_EXISTS.equals(context.getAuthenticationSession().getClientNote(Constants.KC_ACTION_PARAMETER))
                && !StoredPasskey.of(user).isEmpty()) {
            context.success();
            return;
        }
        context.challenge(page(context, mayAddPasskey(context) ? null : "pkfErrorCreateNeedsPasskeySignIn"));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        UserModel user = context.getUser();
        RealmModel realm = context.getRealm();
        context.getEvent().detail(Details.CREDENTIAL_TYPE, WebAuthnCredentialModel.TYPE_PASSWORDLESS);

        if (form.containsKey("pkf.anotherDevice") && anotherDeviceOffered(context)) {
            // the other device gets its own step, which checks for itself that this session may add one
            context.getAuthenticationSession().addRequiredAction(AddDeviceActionFactory.PROVIDER_ID);
            context.success();
            return;
        }
        if (form.containsKey("pkf.notNow") && context.getAuthenticationSession().getAuthNote(HybridOffer.NOTE) != null) {
            context.getAuthenticationSession().removeAuthNote(HybridOffer.NOTE);
            context.getEvent().clone().event(EventType.CUSTOM_REQUIRED_ACTION).detail(PkfEvents.ACTION, "passkey_offer_declined").success();
            context.success();
            return;
        }
        if (form.containsKey("pkf.managePasskeys") && managePasskeysOffered(context)) {
            // that page checks for itself whether this session may change anything
            context.getAuthenticationSession().addRequiredAction(PasskeysActionFactory.PROVIDER_ID);
            context.success();
            return;
        }
        if (!mayAddPasskey(context)) {
            refuse(context, "session did not sign in with a passkey", "pkfErrorCreateNeedsPasskeySignIn");
            return;
        }
        RegistrationResponse response;
        AttestationFacts facts;
        try {
            String promptError = FormFields.single(form, WebAuthnConstants.ERROR, 512);
            if (promptError != null) {
                LOG.debugf("passkey creation prompt ended without a credential: %s", promptError);
                context.challenge(page(context, "pkfErrorCreateCancelled"));
                return;
            }
            response = RegistrationResponse.parse(form);
            facts = AttestationFacts.read(attestationConverter, response.attestationObject(), response.credentialId());
        } catch (BadInputException e) {
            refuse(context, e.getMessage(), "pkfErrorCreateInvalid");
            return;
        }
        byte[] credentialId = response.credentialId();
        String label = response.label();
        Set<String> transports = response.transports();

        String policyRefusal = PasskeyPolicy.of(realm, context.getConfig()).refusal(facts);
        if (policyRefusal != null) {
            context.getEvent().detail(PkfEvents.PROVIDER, facts.aaguid());
            refuse(context, "policy: " + policyRefusal + " (aaguid " + facts.aaguid() + ", BE=" + facts.backupEligible() + ")", policyRefusal);
            return;
        }
        PasskeyRecordStore records = session.getProvider(PasskeyRecordStore.class);
        if (records.credentialIdInUse(realm, credentialId) || records.pendingCredentialIdInUse(realm, credentialId)) {
            refuse(context, "credential id already registered in this realm", "pkfErrorCreateAlreadyRegistered");
            return;
        }
        String challenge = context.getAuthenticationSession().getAuthNote(WebAuthnConstants.AUTH_CHALLENGE_NOTE);
        if (challenge == null || !Challenges.claim(session, challenge, CreationOptions.timeoutSeconds(realm))) {
            context.getAuthenticationSession().removeAuthNote(WebAuthnConstants.AUTH_CHALLENGE_NOTE);
            refuse(context, "challenge missing or already used", "pkfErrorCreateExpired");
            return;
        }
        // also claims the id: a second registration of the same authenticator racing this one loses here
        if (!session.singleUseObjects().putIfAbsent("pkf.credential." + realm.getId() + "." + CredentialIds.hash(credentialId), 300)) {
            refuse(context, "credential id being registered by another request", "pkfErrorCreateAlreadyRegistered");
            return;
        }

        String agent = UserAgents.summarize(userAgent()).text();
        String provider = AuthenticatorNames.provider(session, facts.aaguid());
        // the name field comes prefilled with the browser and OS; left as it was, it gains the provider's
        // name; Keycloak's registration below stores whatever the form says, so the form says the final name
        String finalLabel = AuthenticatorNames.unique(user, AuthenticatorNames.chosenOrDefault(label, provider, agent));
        form.putSingle(WebAuthnConstants.AUTHENTICATOR_LABEL, finalLabel);

        // Keycloak verifies the attestation (challenge, origin, rpIdHash, UP/UV, algorithm, the
        // realm's own AAGUID list) and stores the credential.
        // It reads the challenge from the authentication session again, where a concurrent request
        // that lost the claim (on this node or another) may have removed or replaced it meanwhile
        // (seen in the cluster suite as a 500 from Keycloak): hand it the challenge this request claimed.
        context.getAuthenticationSession().setAuthNote(WebAuthnConstants.AUTH_CHALLENGE_NOTE, challenge);
        super.processAction(context);
        if (context.getStatus() != RequiredActionContext.Status.SUCCESS) {
            LOG.warnf("passkey creation refused by Keycloak's verification in realm %s for user %s", realm.getName(), user.getId());
            context.challenge(page(context, "pkfErrorCreateFailed"));
            return;
        }
        Optional<StoredPasskey> created = StoredPasskey.find(user, credentialId);
        if (created.isEmpty()) {
            // Keycloak reported success without storing what the authenticator data holds: refuse loudly
            LOG.errorf("passkey creation: Keycloak stored no credential with the attested id for user %s", user.getId());
            session.getTransactionManager().setRollbackOnly();
            context.challenge(page(context, "pkfErrorCreateFailed"));
            return;
        }
        String credentialModelId = created.get().credentialModelId();
        Enrollment enrollment = enrollment(context);
        records.add(new PasskeyRecord(credentialModelId, realm.getId(), user.getId(), CredentialIds.hash(credentialId),
                facts.aaguid(), facts.backupEligible(), facts.backupState(), transports, facts.format(), enrollment, null,
                Time.currentTimeMillis(), agent, null, null, null, null, 0));

        Map<String, Object> mail = new HashMap<>();
        mail.put("passkeyName", finalLabel);
        mail.put("provider", provider == null ? "" : provider);
        mail.put("agent", agent == null ? "" : agent);
        mail.put("enrollment", enrollment.name());
        mail.put("synced", facts.backupEligible());
        mail.put("accountUrl", AccountConsole.url(session, realm));
        Notifications.sendAfterCommit(session, realm, user, "pkf-passkey-added.ftl", "pkfEmailPasskeyAddedSubject", mail);
        LOG.debugf("passkey %s created for user %s (enrollment %s)", credentialModelId, user.getId(), enrollment);
    }

    /**
     * Only a session that proved one of the account's passkeys may add another: a session of a
     * lower level (a password, an email link) must go through recovery (DESIGN §5). An account
     * without passkeys may create its first one.
     */
    boolean mayAddPasskey(RequiredActionContext context) {
        if (StoredPasskey.of(context.getUser()).isEmpty()) return true;
        return PasskeySessions.lastPasskeySignIn(session, context.getRealm(), context.getAuthenticationSession()).isPresent();
    }

    private Response page(RequiredActionContext context, String error) {
        UserModel user = context.getUser();
        RealmModel realm = context.getRealm();
        CreatePasskeyConfig config = CreatePasskeyConfig.of(context.getConfig());
        String challenge = Challenges.create();
        context.getAuthenticationSession().setAuthNote(WebAuthnConstants.AUTH_CHALLENGE_NOTE, challenge);
        PageData data = CreationOptions.build(session, realm, user, challenge, config.hints());

        String agent = UserAgents.summarize(userAgent()).text();
        LoginFormsProvider form = context.form()
                .setAttribute("pkfCreate", new CreatePasskeyPage(agent == null ? "" : agent, config.deviceBoundOnly(),
                        isAppInitiated(context), mayAddPasskey(context), anotherDeviceOffered(context), managePasskeysOffered(context),
                        context.getAuthenticationSession().getAuthNote(HybridOffer.NOTE) != null, data.json()));
        if (error != null) form.setError(error);
        return form.createForm(TEMPLATE);
    }

    /** "Another device" is offered to accounts that already hold a passkey, where the realm enabled the step. */
    private boolean anotherDeviceOffered(RequiredActionContext context) {
        var action = context.getRealm().getRequiredActionProviderByAlias(AddDeviceActionFactory.PROVIDER_ID);
        return action != null && action.isEnabled() && !StoredPasskey.of(context.getUser()).isEmpty();
    }

    private boolean managePasskeysOffered(RequiredActionContext context) {
        var action = context.getRealm().getRequiredActionProviderByAlias(PasskeysActionFactory.PROVIDER_ID);
        return action != null && action.isEnabled() && !StoredPasskey.of(context.getUser()).isEmpty();
    }

    private void refuse(RequiredActionContext context, String reason, String message) {
        LOG.warnf("passkey creation refused in realm %s for user %s: %s", context.getRealm().getName(), context.getUser().getId(), reason);
        context.getEvent().clone().detail(PkfEvents.ACTION, PkfEvents.PASSKEY_REFUSED).detail(PkfEvents.REASON, reason)
                .error(Errors.INVALID_REGISTRATION);
        context.challenge(page(context, message));
    }

    private static boolean isAppInitiated(RequiredActionContext context) {
        return context.getAuthenticationSession().getClientNote(Constants.KC_ACTION) != null;
    }

    private Enrollment enrollment(RequiredActionContext context) {
        return context.getAuthenticationSession().getAuthNote(PasskeySignUpFormAction.NOTE_SIGN_UP) != null
                ? Enrollment.SIGN_UP : Enrollment.THIS_DEVICE;
    }

    private String userAgent() {
        return session.getContext().getRequestHeaders().getHeaderString("User-Agent");
    }
}
