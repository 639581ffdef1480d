package dev.passkeyfirst.keycloak.fallback;

import dev.passkeyfirst.keycloak.util.PkfFactory;
import dev.passkeyfirst.keycloak.session.FallbackSessions;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.refresh.DefaultRefreshTokenProvider;
import org.keycloak.protocol.oidc.refresh.InitialRefreshTokenContext;
import org.keycloak.protocol.oidc.refresh.RefreshTokenContext;
import org.keycloak.protocol.oidc.refresh.RefreshTokenProvider;
import org.keycloak.protocol.oidc.refresh.RefreshTokenProviderFactory;
import org.keycloak.representations.RefreshToken;

/**
 * Where Keycloak issues refresh tokens, for every grant (authorization code, device, refresh, CIBA):
 * a fallback session that asks for an offline token, by scope or by a client's default
 * {@code offline_access}, gets an ordinary refresh token instead, and no offline session is made
 * (DESIGN §5). Everything else is Keycloak's own provider's. Ordered before it, so asked first.
 */
public class FallbackRefreshTokens implements RefreshTokenProvider {

    private static final Logger LOG = Logger.getLogger(FallbackRefreshTokens.class);

    private final DefaultRefreshTokenProvider keycloak;

    FallbackRefreshTokens(KeycloakSession session) {
        this.keycloak = new DefaultRefreshTokenProvider(session);
    }

    @Override
    public boolean supports(InitialRefreshTokenContext context) {
        return context.offlineTokenRequested()
                && FallbackSessions.isFallback(context.clientSessionCtx().getClientSession().getUserSession());
    }

    @Override
    public RefreshToken generateRefreshToken(InitialRefreshTokenContext context) {
        LOG.debugf("offline token withheld from a fallback session of user %s",
                context.clientSessionCtx().getClientSession().getUserSession().getUser().getId());
        context.clientSessionCtx().setAttribute(OAuth2Constants.OFFLINE_ACCESS, false);
        return keycloak.generateRefreshToken(new InitialRefreshTokenContext(context.clientSessionCtx(), context.responseBuilder(),
                context.event(), false, context.confirmation()));
    }

    /** Refreshing is Keycloak's own: the token refreshed was made online above, so stays online. */
    @Override
    public boolean supports(RefreshTokenContext context) {
        return false;
    }

    @Override
    public TokenManager.AccessTokenResponseBuilder refreshAccessToken(RefreshTokenContext context) throws OAuthErrorException {
        throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, "not handled here");
    }

    public static class Factory implements RefreshTokenProviderFactory, PkfFactory<RefreshTokenProvider> {

        @Override
        public RefreshTokenProvider create(KeycloakSession session) {
            return new FallbackRefreshTokens(session);
        }

        @Override
        public String getId() {
            return "pkf-fallback-refresh-tokens";
        }

        /** Before Keycloak's own (order 0), which supports every context. */
        @Override
        public int order() {
            return 100;
        }
    }
}
