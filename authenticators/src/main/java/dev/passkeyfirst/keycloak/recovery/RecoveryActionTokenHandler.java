package dev.passkeyfirst.keycloak.recovery;

import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.account.Recoveries;
import dev.passkeyfirst.keycloak.events.PkfEvent;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.link.LinkTokenHandler;
import dev.passkeyfirst.keycloak.link.Links;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.TokenVerifier;
import org.keycloak.authentication.actiontoken.ActionTokenContext;
import org.keycloak.authentication.actiontoken.TokenUtils;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/** The browser that confirmed a recovery link continues the recovery, the email proof given; nobody else, and once. */
public class RecoveryActionTokenHandler extends LinkTokenHandler<RecoveryActionToken> {

    public RecoveryActionTokenHandler() {
        super(ProviderIds.RECOVERY_TOKEN, RecoveryActionToken.class, RecoverLink.COOKIE, "pkfErrorRecoveryLinkInvalid", EventType.RESET_PASSWORD);
    }

    @Override
    public TokenVerifier.Predicate<? super RecoveryActionToken>[] getVerifiers(ActionTokenContext<RecoveryActionToken> tokenContext) {
        TokenVerifier.Predicate<? super RecoveryActionToken>[] bound = super.getVerifiers(tokenContext);
        // "this wasn't me" since the link was confirmed: this recovery is over before it starts
        return TokenUtils.predicates(bound[0], TokenUtils.checkThat(t -> {
            UserModel user = tokenContext.getSession().users().getUserById(tokenContext.getRealm(), t.getUserId());
            return user != null && !Recoveries.frozen(user) && Recoveries.mayContinue(user, t.getEpoch());
        }, Errors.NOT_ALLOWED, "pkfErrorRecoveryFrozen"));
    }

    @Override
    public AuthenticationSessionModel startFreshAuthenticationSession(RecoveryActionToken token, ActionTokenContext<RecoveryActionToken> tokenContext) {
        AuthenticationSessionModel authSession = super.startFreshAuthenticationSession(token, tokenContext);
        // the recovered user ends signed in (a fallback session), on our page rather than at an
        // application that would receive a code it never asked for
        authSession.removeAuthNote(AuthenticationManager.END_AFTER_REQUIRED_ACTIONS);
        String landing = Links.partUrl(tokenContext.getSession(), tokenContext.getRealm(), ProviderIds.PART_RECOVERED);
        authSession.setRedirectUri(landing);
        authSession.setClientNote(OIDCLoginProtocol.REDIRECT_URI_PARAM, landing);
        return authSession;
    }

    @Override
    protected Response handle(RecoveryActionToken token, ActionTokenContext<RecoveryActionToken> tokenContext) {
        AuthenticationSessionModel authSession = tokenContext.getAuthenticationSession();
        RecoverAction.start(authSession, token.getEpoch(), Proof.EMAIL, null);
        PkfEvent.RECOVERY_PROOF.from(tokenContext.getEvent()).detail(PkfEvents.PROOF, Proof.EMAIL.name()).success();
        String next = AuthenticationManager.nextRequiredAction(tokenContext.getSession(), authSession, tokenContext.getRequest(), tokenContext.getEvent());
        return AuthenticationManager.redirectToRequiredActions(tokenContext.getSession(), tokenContext.getRealm(), authSession,
                tokenContext.getUriInfo(), next);
    }
}
