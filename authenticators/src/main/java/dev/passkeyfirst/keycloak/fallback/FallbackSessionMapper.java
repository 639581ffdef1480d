package dev.passkeyfirst.keycloak.fallback;

import java.util.List;
import java.util.Set;

import dev.passkeyfirst.keycloak.session.FallbackSessions;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.OAuth2Constants;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.AccountRoles;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.AccessToken;

/**
 * Tokens of a fallback session (signed in by a recovery proof or an email link, not a passkey) lose
 * the roles that change the account: the account REST API, and with it the account console, then
 * answers 403 to any change (profile and email, phone, passkeys, linked identity providers,
 * sessions) while reading still works, because where the token could manage the account it may now
 * read it; and the admin REST API, whose permissions Keycloak reads from this token, refuses every
 * change by a realm administrator who got in by a fallback (view and query roles stay). A passkey
 * sign-in in the same session gives them back on the next token, since the mark lives in the user
 * session. It also tells the token response that this session asked for no offline token.
 */
public class FallbackSessionMapper extends AbstractOIDCProtocolMapper implements OIDCAccessTokenMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = ProviderIds.FALLBACK_SESSION_MAPPER;
    static final Set<String> WITHHELD = Set.of(AccountRoles.MANAGE_ACCOUNT, AccountRoles.MANAGE_ACCOUNT_LINKS,
            AccountRoles.DELETE_ACCOUNT, AccountRoles.MANAGE_CONSENT);
    /** What managing the account let a token read; a fallback session keeps reading it. */
    static final Set<String> READ_INSTEAD = Set.of(AccountRoles.VIEW_PROFILE, AccountRoles.VIEW_CONSENT, AccountRoles.VIEW_GROUPS,
            AccountRoles.VIEW_APPLICATIONS);

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Passkey First: fallback session limits";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "Add to the 'roles' client scope. Access tokens of a session signed in without a passkey (recovery,"
                + " email sign-in link) lose manage-account, manage-account-links, manage-consent and delete-account,"
                + " so the account console and the account REST API can show the account but not change it.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public int getPriority() {
        // after every role mapper (they run at 10 to 50): what they added is what this removes
        return 100;
    }

    @Override
    public AccessToken transformAccessToken(AccessToken token, ProtocolMapperModel mappingModel, KeycloakSession session,
                                            UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        // decided before any refresh token or offline session is made in this response, whatever the scopes say
        if (FallbackSessions.isFallback(userSession)) clientSessionCtx.setAttribute(OAuth2Constants.OFFLINE_ACCESS, false);
        return limit(token, userSession);
    }

    @Override
    public AccessToken transformIntrospectionToken(AccessToken token, ProtocolMapperModel mappingModel, KeycloakSession session,
                                                   UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        return limit(token, userSession);
    }

    static AccessToken limit(AccessToken token, UserSessionModel userSession) {
        if (!FallbackSessions.isFallback(userSession) || token.getResourceAccess() == null) return token;
        AccessToken.Access account = token.getResourceAccess().get(Constants.ACCOUNT_MANAGEMENT_CLIENT_ID);
        if (account != null && account.getRoles() != null) {
            boolean couldManage = account.getRoles().contains(AccountRoles.MANAGE_ACCOUNT);
            account.getRoles().removeAll(WITHHELD);
            if (couldManage) READ_INSTEAD.forEach(account::addRole);
        }
        AccessToken.Access admin = token.getResourceAccess().get(Constants.REALM_MANAGEMENT_CLIENT_ID);
        if (admin != null && admin.getRoles() != null) {
            admin.getRoles().removeIf(role -> !role.startsWith("view-") && !role.startsWith("query-"));
        }
        return token;
    }
}
