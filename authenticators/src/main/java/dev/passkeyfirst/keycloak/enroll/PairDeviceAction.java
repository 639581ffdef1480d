package dev.passkeyfirst.keycloak.enroll;

import java.util.Optional;
import java.util.UUID;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.common.SecurityHeaders;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.model.PendingPasskey;
import dev.passkeyfirst.keycloak.register.CreatePasskeyConfig;
import dev.passkeyfirst.keycloak.register.CreationOptions;
import dev.passkeyfirst.keycloak.register.PasskeyPolicy;
import dev.passkeyfirst.keycloak.util.CredentialIds;
import dev.passkeyfirst.keycloak.util.UserAgents;
import dev.passkeyfirst.keycloak.webauthn.AttestationFacts;
import dev.passkeyfirst.keycloak.webauthn.AuthenticatorNames;
import dev.passkeyfirst.keycloak.webauthn.BadInputException;
import dev.passkeyfirst.keycloak.webauthn.Challenges;
import dev.passkeyfirst.keycloak.webauthn.FormFields;
import dev.passkeyfirst.keycloak.webauthn.RegistrationResponse;
import dev.passkeyfirst.keycloak.webauthn.RelyingParty;
import org.jboss.logging.Logger;
import org.keycloak.WebAuthnConstants;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.requiredactions.WebAuthnPasswordlessRegister;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.WebAuthnCredentialModelInput;
import org.keycloak.credential.WebAuthnCredentialProvider;
import org.keycloak.credential.WebAuthnPasswordlessCredentialProviderFactory;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.WebAuthnPolicy;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import com.webauthn4j.WebAuthnRegistrationManager;
import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.RegistrationRequest;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.attestation.trustworthiness.certpath.CertPathTrustworthinessVerifier;

/**
 * Device B: creates its passkey, which is verified with Keycloak's own attestation verifiers but
 * held pending, shows the code to type on device A, and waits. Only the browser that took the link
 * (it holds the pairing cookie) gets here. When A approves, this step ends and Keycloak finishes B's
 * session; when A denies, or the pairing is aborted or expires, B is told and nothing is stored.
 */
public class PairDeviceAction extends WebAuthnPasswordlessRegister {

    private static final Logger LOG = Logger.getLogger(PairDeviceAction.class);

    static final String TEMPLATE = "pkf-pair-device.ftl";
    static final String NOTE_CODE = "pkf.pair.code";
    /** B's browser cookie: the secret whose hash the pairing keeps. */
    public static final String COOKIE = "PKF_PAIR";

    private final KeycloakSession session;
    private final AttestationObjectConverter attestationConverter;

    public PairDeviceAction(KeycloakSession session, CertPathTrustworthinessVerifier trust, AttestationObjectConverter attestationConverter) {
        super(session, trust);
        this.session = session;
        this.attestationConverter = attestationConverter;
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        Optional<Pairing> p = pairing(context);
        if (p.isPresent() && approved(context, p.get())) {
            finish(context, p.get());
            return;
        }
        context.challenge(render(context, p, null));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        Optional<Pairing> pairing = pairing(context);
        if (pairing.isEmpty()) {
            context.challenge(render(context, pairing, "pkfErrorPairLinkInvalid"));
            return;
        }
        Pairing p = pairing.get();
        if (approved(context, p)) {
            finish(context, p);
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (p.state() == Pairing.State.OPENED && (form.containsKey(WebAuthnConstants.ATTESTATION_OBJECT) || form.containsKey(WebAuthnConstants.ERROR))) {
            register(context, p, form);
            return;
        }
        context.challenge(render(context, pairing, null));
    }

    private void register(RequiredActionContext context, Pairing p, MultivaluedMap<String, String> form) {
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        RegistrationResponse response;
        AttestationFacts facts;
        try {
            String promptError = FormFields.single(form, WebAuthnConstants.ERROR, 512);
            if (promptError != null) {
                context.challenge(render(context, Optional.of(p), "pkfErrorCreateCancelled"));
                return;
            }
            response = RegistrationResponse.parse(form);
            facts = AttestationFacts.read(attestationConverter, response.attestationObject(), response.credentialId());
        } catch (BadInputException e) {
            refuse(context, p, e.getMessage(), "pkfErrorCreateInvalid");
            return;
        }
        String challenge = context.getAuthenticationSession().getAuthNote(WebAuthnConstants.AUTH_CHALLENGE_NOTE);
        context.getAuthenticationSession().removeAuthNote(WebAuthnConstants.AUTH_CHALLENGE_NOTE);
        PendingRegistrations.Result result = PendingRegistrations.register(session, realm, user,
                createWebAuthnRegistrationManager(realm.getWebAuthnPolicyPasswordless()), response, facts, challenge,
                PendingPasskey.Purpose.ADD_DEVICE, p.id(), p.expiresAt() + 60_000L, null);
        if (result.refusal() != null) {
            refuse(context, p, result.refusal().reason(), result.refusal().messageKey());
            return;
        }
        String pendingId = result.pending().id();
        String code = Pairing.newCode();
        p.codeReady(session, pendingId, code);
        context.getAuthenticationSession().setAuthNote(NOTE_CODE, code);
        event(context, "add_device_passkey_pending", p).success();
        context.challenge(render(context, Optional.of(p), null));
    }

    private boolean approved(RequiredActionContext context, Pairing p) {
        if (p.state() != Pairing.State.APPROVED || p.approvedCredential() == null) return false;
        // the pairing says approved: the credential must really be there
        return context.getUser().credentialManager().getStoredCredentialById(p.approvedCredential()) != null;
    }

    private void finish(RequiredActionContext context, Pairing p) {
        context.getAuthenticationSession().removeAuthNote(NOTE_CODE);
        event(context, "add_device_completed", p).detail(PkfEvents.CREDENTIAL_ID, p.approvedCredential()).success();
        context.success();
    }

    private void refuse(RequiredActionContext context, Pairing p, String reason, String message) {
        LOG.warnf("add-device: passkey of device B refused for pairing %s: %s", p.id(), reason);
        event(context, "add_device_passkey_refused", p).detail(PkfEvents.REASON, reason).error(Errors.INVALID_REGISTRATION);
        context.challenge(render(context, Optional.of(p), message));
    }

    /** The pairing of this session, only for the browser holding the pairing's cookie. */
    private Optional<Pairing> pairing(RequiredActionContext context) {
        String id = context.getAuthenticationSession().getAuthNote(PairDeviceActionTokenHandler.NOTE_PAIRING);
        Cookie cookie = context.getHttpRequest().getHttpHeaders().getCookies().get(COOKIE);
        return Pairing.load(session, context.getRealm(), id)
                .filter(p -> p.userId().equals(context.getUser().getId()))
                .filter(p -> cookie != null && p.boundTo(cookie.getValue()));
    }

    private Response render(RequiredActionContext context, Optional<Pairing> pairing, String error) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        LoginFormsProvider form = context.form();
        PairDevicePage page;
        if (pairing.isEmpty()) {
            page = PairDevicePage.ended("INVALID", null);
        } else {
            Pairing p = pairing.get();
            page = switch (p.state()) {
                case WAITING, OPENED -> {
                    String challenge = Challenges.create();
                    authSession.setAuthNote(WebAuthnConstants.AUTH_CHALLENGE_NOTE, challenge);
                    CreatePasskeyConfig config = CreatePasskeyConfig.of(context.getRealm().getRequiredActionConfigByAlias(
                            dev.passkeyfirst.keycloak.register.CreatePasskeyActionFactory.PROVIDER_ID));
                    String agent = UserAgents.summarize(userAgent()).text();
                    yield PairDevicePage.create(agent == null ? "" : agent, config.deviceBoundOnly(), p.expiresAt(),
                            CreationOptions.build(session, context.getRealm(), context.getUser(), challenge, config.hints()).json());
                }
                case CODE_READY -> PairDevicePage.code(authSession.getAuthNote(NOTE_CODE), p.expiresAt());
                case APPROVED, DENIED, ABORTED -> PairDevicePage.ended(p.state().name(), p.endReason());
            };
        }
        form.setAttribute("pkfPair", page);
        form.setAttribute("pkfAccount", context.getUser().getUsername());
        if (error != null) form.setError(error);
        return SecurityHeaders.noFraming(session, form.createForm(TEMPLATE));
    }

    private EventBuilder event(RequiredActionContext context, String action, Pairing p) {
        return context.getEvent().clone().event(EventType.CUSTOM_REQUIRED_ACTION)
                .detail(PkfEvents.ACTION, action).detail("pkf_pairing", p.id());
    }

    private String userAgent() {
        return session.getContext().getRequestHeaders().getHeaderString("User-Agent");
    }
}
