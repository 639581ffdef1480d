package dev.passkeyfirst.keycloak.link;

import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.vocabulary.AuthNotes;
import dev.passkeyfirst.keycloak.vocabulary.SingleUseKeys;
import org.keycloak.TokenVerifier;
import org.keycloak.authentication.actiontoken.AbstractActionTokenHandler;
import org.keycloak.authentication.actiontoken.ActionTokenContext;
import org.keycloak.authentication.actiontoken.TokenUtils;
import org.keycloak.common.util.Time;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.services.ErrorPage;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

/**
 * Accepts a {@link LinkToken} only in the browser that took its link, and only once across the
 * cluster. Keycloak's own reuse check marks a token used when the sign-in it starts completes, so
 * until then every opening of its URL, in any browser, would start another sign-in with the link's
 * proof already given (DESIGN §5, one proof, one recovery); the claim here lets exactly one in.
 */
public abstract class LinkTokenHandler<T extends LinkToken> extends AbstractActionTokenHandler<T> {

    private final String cookieName;
    private final String errorMessage;

    /** @param cookieName the cookie of the link kind whose secret the token is bound to */
    protected LinkTokenHandler(String id, Class<T> tokenClass, String cookieName, String errorMessage, EventType eventType) {
        super(id, tokenClass, errorMessage, eventType, Errors.NOT_ALLOWED);
        this.cookieName = cookieName;
        this.errorMessage = errorMessage;
    }

    /** Hands the one browser that may go on to Keycloak's flow. */
    protected abstract Response handle(T token, ActionTokenContext<T> tokenContext);

    @Override
    public TokenVerifier.Predicate<? super T>[] getVerifiers(ActionTokenContext<T> tokenContext) {
        return TokenUtils.predicates(TokenUtils.checkThat(t -> {
            var cookie = tokenContext.getSession().getContext().getRequestHeaders().getCookies().get(cookieName);
            return cookie != null && t.boundTo(cookie.getValue());
        }, Errors.NOT_ALLOWED, errorMessage));
    }

    /**
     * The browser opening its token a second time keeps the sign-in the first opening started:
     * Keycloak would otherwise start a fresh one in a new root session, orphaning the first, and the
     * claim below would then refuse the second, leaving the user with nothing.
     */
    @Override
    public AuthenticationSessionModel startFreshAuthenticationSession(T token, ActionTokenContext<T> tokenContext) {
        RootAuthenticationSessionModel root = new AuthenticationSessionManager(tokenContext.getSession())
                .getCurrentRootAuthenticationSession(tokenContext.getRealm());
        if (root != null && token.getId() != null) {
            for (AuthenticationSessionModel started : root.getAuthenticationSessions().values()) {
                if (token.getId().equals(started.getAuthNote(AuthNotes.LINK_TOKEN))) return started;
            }
        }
        return super.startFreshAuthenticationSession(token, tokenContext);
    }

    @Override
    public final Response handleToken(T token, ActionTokenContext<T> tokenContext) {
        AuthenticationSessionModel authSession = tokenContext.getAuthenticationSession();
        long lifespan = Math.max(60, token.getExp() == null ? 900 : token.getExp() - Time.currentTime());
        if (!tokenContext.getSession().singleUseObjects().putIfAbsent(SingleUseKeys.LINK_TOKEN + token.getId(), lifespan)) {
            if (token.getId().equals(authSession.getAuthNote(AuthNotes.LINK_TOKEN))) {
                // the same browser, again: back to where its sign-in stands
                return AuthenticationManager.redirectToRequiredActions(tokenContext.getSession(), tokenContext.getRealm(), authSession,
                        tokenContext.getUriInfo(), AuthenticationManager.nextRequiredAction(tokenContext.getSession(), authSession,
                                tokenContext.getRequest(), tokenContext.getEvent()));
            }
            tokenContext.getEvent().clone().error(Errors.NOT_ALLOWED);
            return ErrorPage.error(tokenContext.getSession(), authSession, Response.Status.BAD_REQUEST, errorMessage);
        }
        authSession.setAuthNote(AuthNotes.LINK_TOKEN, token.getId());
        return handle(token, tokenContext);
    }

    @Override
    public final boolean canUseTokenRepeatedly(T token, ActionTokenContext<T> tokenContext) {
        return false;
    }
}
