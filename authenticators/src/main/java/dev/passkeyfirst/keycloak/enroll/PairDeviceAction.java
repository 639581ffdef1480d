package dev.passkeyfirst.keycloak.enroll;

import dev.passkeyfirst.keycloak.common.FormGuard;
import java.util.Optional;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.ceremony.CreationOptions;
import dev.passkeyfirst.keycloak.ceremony.PasskeyPolicyConfig;
import dev.passkeyfirst.keycloak.ceremony.RegistrationAction;
import dev.passkeyfirst.keycloak.ceremony.RegistrationCeremony;
import dev.passkeyfirst.keycloak.common.PageModel;
import dev.passkeyfirst.keycloak.common.Requests;
import dev.passkeyfirst.keycloak.common.SecurityHeaders;
import dev.passkeyfirst.keycloak.events.PkfEvent;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.link.Links;
import dev.passkeyfirst.keycloak.model.PendingPasskey;
import dev.passkeyfirst.keycloak.session.PasskeySessions;
import dev.passkeyfirst.keycloak.vocabulary.AuthNotes;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.WebAuthnConstants;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

import com.webauthn4j.verifier.attestation.trustworthiness.certpath.CertPathTrustworthinessVerifier;

/**
 * Device B: creates its passkey, which the registration pipeline verifies but holds pending, shows
 * the code to type on device A, and waits. Only the browser that took the link (it holds the
 * pairing's cookie) gets here. When A approves, this step ends and Keycloak finishes B's session;
 * when A denies, or the pairing is aborted or expires, B is told and nothing is stored.
 */
public class PairDeviceAction extends RegistrationAction {

    /** How long B's pending passkey outlives the pairing, so an approval in its last second still finds it. */
    private static final long PENDING_GRACE_MILLIS = 60_000;

    public PairDeviceAction(KeycloakSession session, CertPathTrustworthinessVerifier trust, RegistrationCeremony registration) {
        super(session, trust, registration);
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
        if (FormGuard.problem(form) != null) {
            context.challenge(render(context, pairing, "pkfErrorFormInvalid"));
            return;
        }
        if (p.state() == Pairing.State.OPENED && (form.containsKey(WebAuthnConstants.ATTESTATION_OBJECT) || form.containsKey(WebAuthnConstants.ERROR))) {
            register(context, p);
            return;
        }
        context.challenge(render(context, pairing, null));
    }

    private void register(RequiredActionContext context, Pairing p) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String challenge = authSession.getAuthNote(WebAuthnConstants.AUTH_CHALLENGE_NOTE);
        RegistrationCeremony.Result result = register(context, new RegistrationCeremony.Request(context.getUser(), challenge,
                new RegistrationCeremony.Hold(PendingPasskey.Purpose.ADD_DEVICE, p.id(), p.expiresAt() + PENDING_GRACE_MILLIS, null),
                context.getEvent()));
        if (result instanceof RegistrationCeremony.Cancelled) {
            context.challenge(render(context, Optional.of(p), "pkfErrorCreateCancelled"));
            return;
        }
        if (result instanceof RegistrationCeremony.Refused refused) {
            event(context, PkfEvent.ADD_DEVICE_PASSKEY_REFUSED, p).detail(PkfEvents.REASON, refused.refusal().messageKey())
                    .error(org.keycloak.events.Errors.INVALID_REGISTRATION);
            context.challenge(render(context, Optional.of(p), refused.refusal().messageKey()));
            return;
        }
        String code = Pairing.newCode();
        p.codeReady(session, ((RegistrationCeremony.Held) result).pending().id(), code);
        authSession.setAuthNote(AuthNotes.PAIR_CODE, code);
        event(context, PkfEvent.ADD_DEVICE_PASSKEY_PENDING, p).success();
        context.challenge(render(context, Optional.of(p), null));
    }

    private boolean approved(RequiredActionContext context, Pairing p) {
        if (p.state() != Pairing.State.APPROVED || p.approvedCredential() == null) return false;
        // the pairing says approved: the credential must really be there
        return context.getUser().credentialManager().getStoredCredentialById(p.approvedCredential()) != null;
    }

    private void finish(RequiredActionContext context, Pairing p) {
        context.getAuthenticationSession().removeAuthNote(AuthNotes.PAIR_CODE);
        // the session this opens on B is the new passkey's: removing that passkey ends it, as for any passkey
        // sign-in. B created the passkey but asserted nothing with it, so the proof claims no more than that
        PasskeySessions.record(context.getAuthenticationSession(), new PasskeySessions.Proof(p.approvedCredential(), false, false, ""));
        event(context, PkfEvent.ADD_DEVICE_COMPLETED, p).detail(PkfEvents.CREDENTIAL_ID, p.approvedCredential()).success();
        context.success();
    }

    /** The pairing of this session, only for the browser holding the pairing's cookie. */
    private Optional<Pairing> pairing(RequiredActionContext context) {
        String id = context.getAuthenticationSession().getAuthNote(AuthNotes.PAIR_PAIRING);
        Cookie cookie = context.getHttpRequest().getHttpHeaders().getCookies().get(PairLink.COOKIE);
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
                    String challenge = CreationOptions.challenge(session, authSession);
                    PasskeyPolicyConfig policy = PasskeyPolicyConfig.of(context.getRealm().getRequiredActionConfigByAlias(ProviderIds.CREATE_PASSKEY));
                    yield PairDevicePage.create(Requests.agentOrEmpty(session), policy.deviceBoundOnly(), p.expiresAt(),
                            CreationOptions.build(session, context.getRealm(), context.getUser(), challenge, policy.hints()).json());
                }
                case CODE_READY -> PairDevicePage.code(authSession.getAuthNote(AuthNotes.PAIR_CODE), p.expiresAt());
                case APPROVED, DENIED, ABORTED -> PairDevicePage.ended(p.state().name(), p.endReason());
            };
        }
        form.setAttribute("pkfPair", PageModel.of(page));
        form.setAttribute("pkfAccount", context.getUser().getUsername());
        form.setAttribute("pkfStatusUrl", Links.partUrl(session, context.getRealm(), ProviderIds.PART_PAIRING_STATUS));
        if (error != null) form.setError(error);
        return SecurityHeaders.noFraming(session, form.createForm(Pages.PAIR_DEVICE));
    }

    private EventBuilder event(RequiredActionContext context, PkfEvent action, Pairing p) {
        return action.from(context.getEvent()).detail(PkfEvents.PAIRING, p.fingerprint());
    }
}
