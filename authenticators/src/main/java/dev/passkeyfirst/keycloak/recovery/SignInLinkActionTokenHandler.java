package dev.passkeyfirst.keycloak.recovery;

import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.link.LinkTokenHandler;
import dev.passkeyfirst.keycloak.vocabulary.AuthNotes;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.authentication.actiontoken.ActionTokenContext;
import org.keycloak.authentication.actiontoken.resetcred.ResetCredentialsActionTokenHandler;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.services.ErrorPage;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Continues, in the browser that asked, the reset-credentials flow where "Email me a sign-in link"
 * was chosen: the recovery step finds the account in a note and signs it in at its level (1).
 */
public class SignInLinkActionTokenHandler extends LinkTokenHandler<SignInLinkActionToken> {

    public SignInLinkActionTokenHandler() {
        super(ProviderIds.SIGN_IN_LINK_TOKEN, SignInLinkActionToken.class, SignInLink.COOKIE, "pkfErrorSignInLinkInvalid", EventType.LOGIN);
    }

    @Override
    protected Response handle(SignInLinkActionToken token, ActionTokenContext<SignInLinkActionToken> tokenContext) {
        AuthenticationSessionModel authSession = tokenContext.getAuthenticationSession();
        if (tokenContext.isAuthenticationSessionFresh() || !token.getUserId().equals(authSession.getAuthNote(AuthNotes.SIGN_IN_USER))) {
            // another browser, or a sign-in that moved on: Keycloak made a fresh session, which is not ours to sign in
            tokenContext.getEvent().clone().error(Errors.NOT_ALLOWED);
            return ErrorPage.error(tokenContext.getSession(), authSession, Response.Status.BAD_REQUEST, "pkfErrorSignInLinkOtherBrowser");
        }
        return tokenContext.processFlow(false, LoginActionsService.RESET_CREDENTIALS_PATH, tokenContext.getRealm().getResetCredentialsFlow(),
                null, new ResetCredentialsActionTokenHandler.ResetCredsAuthenticationProcessor());
    }
}
