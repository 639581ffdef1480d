package dev.passkeyfirst.keycloak.recovery;

import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.events.PkfEvents;
import org.keycloak.authentication.actiontoken.AbstractActionTokenHandler;
import org.keycloak.authentication.actiontoken.ActionTokenContext;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/** The browser that confirmed a recovery link continues the recovery, the email proof given. */
public class RecoveryActionTokenHandler extends AbstractActionTokenHandler<RecoveryActionToken> {

    public RecoveryActionTokenHandler() {
        super(RecoveryActionToken.TOKEN_TYPE, RecoveryActionToken.class, "pkfErrorRecoveryLinkInvalid",
                EventType.RESET_PASSWORD, Errors.NOT_ALLOWED);
    }

    @Override
    public AuthenticationSessionModel startFreshAuthenticationSession(RecoveryActionToken token, ActionTokenContext<RecoveryActionToken> tokenContext) {
        AuthenticationSessionModel authSession = super.startFreshAuthenticationSession(token, tokenContext);
        // the recovered user ends signed in (a fallback session), on our page rather than at an
        // application that would receive a code it never asked for
        authSession.removeAuthNote(AuthenticationManager.END_AFTER_REQUIRED_ACTIONS);
        String landing = tokenContext.getUriInfo().getBaseUriBuilder().path("realms").path(tokenContext.getRealm().getName())
                .path("passkey-first").path("recovered").build().toString();
        authSession.setRedirectUri(landing);
        authSession.setClientNote(OIDCLoginProtocol.REDIRECT_URI_PARAM, landing);
        return authSession;
    }

    @Override
    public Response handleToken(RecoveryActionToken token, ActionTokenContext<RecoveryActionToken> tokenContext) {
        AuthenticationSessionModel authSession = tokenContext.getAuthenticationSession();
        authSession.setAuthNote(RecoverAction.NOTE_PROOFS, Proof.EMAIL.name());
        authSession.addRequiredAction(RecoverActionFactory.PROVIDER_ID);
        tokenContext.getEvent().clone().detail(PkfEvents.ACTION, "recovery_proof_email").success();
        String next = AuthenticationManager.nextRequiredAction(tokenContext.getSession(), authSession, tokenContext.getRequest(), tokenContext.getEvent());
        return AuthenticationManager.redirectToRequiredActions(tokenContext.getSession(), tokenContext.getRealm(), authSession,
                tokenContext.getUriInfo(), next);
    }

    @Override
    public boolean canUseTokenRepeatedly(RecoveryActionToken token, ActionTokenContext<RecoveryActionToken> tokenContext) {
        return false;
    }
}
