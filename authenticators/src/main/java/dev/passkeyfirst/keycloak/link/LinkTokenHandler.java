package dev.passkeyfirst.keycloak.link;

import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.vocabulary.SingleUseKeys;
import org.keycloak.TokenVerifier;
import org.keycloak.authentication.actiontoken.AbstractActionTokenHandler;
import org.keycloak.authentication.actiontoken.ActionTokenContext;
import org.keycloak.authentication.actiontoken.TokenUtils;
import org.keycloak.common.util.Time;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.services.ErrorPage;

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

    @Override
    public final Response handleToken(T token, ActionTokenContext<T> tokenContext) {
        long lifespan = Math.max(60, token.getExp() == null ? 900 : token.getExp() - Time.currentTime());
        if (!tokenContext.getSession().singleUseObjects().putIfAbsent(SingleUseKeys.LINK_TOKEN + token.getId(), lifespan)) {
            tokenContext.getEvent().clone().error(Errors.NOT_ALLOWED);
            return ErrorPage.error(tokenContext.getSession(), tokenContext.getAuthenticationSession(), Response.Status.BAD_REQUEST,
                    errorMessage);
        }
        return handle(token, tokenContext);
    }

    @Override
    public final boolean canUseTokenRepeatedly(T token, ActionTokenContext<T> tokenContext) {
        return false;
    }
}
