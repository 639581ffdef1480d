package dev.passkeyfirst.keycloak.ceremony;

import dev.passkeyfirst.keycloak.common.TabTurn;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.requiredactions.WebAuthnPasswordlessRegister;
import org.keycloak.models.KeycloakSession;

import com.webauthn4j.verifier.attestation.trustworthiness.certpath.CertPathTrustworthinessVerifier;

/**
 * A required action of ours that registers a passkey. It builds on Keycloak's passwordless
 * registration for the one thing that must be Keycloak's: the attestation verification with the
 * realm's trust anchors. Everything else goes through the {@link RegistrationCeremony}.
 */
public abstract class RegistrationAction extends WebAuthnPasswordlessRegister {

    protected final KeycloakSession session;
    protected final RegistrationCeremony registration;

    protected RegistrationAction(KeycloakSession session, CertPathTrustworthinessVerifier trust, RegistrationCeremony registration) {
        super(session, trust);
        this.session = session;
        this.registration = registration;
    }

    /** Runs the pipeline on this request's form, once any other request of this tab has finished. */
    protected RegistrationCeremony.Result register(RequiredActionContext context, RegistrationCeremony.Request request) {
        TabTurn.take(session, context.getAuthenticationSession());
        return registration.register(session, context.getRealm(), context.getHttpRequest().getDecodedFormParameters(), request,
                createWebAuthnRegistrationManager(context.getRealm().getWebAuthnPolicyPasswordless()));
    }
}
