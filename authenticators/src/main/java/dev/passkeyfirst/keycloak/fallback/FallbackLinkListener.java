package dev.passkeyfirst.keycloak.fallback;

import java.util.Objects;
import java.util.stream.Stream;

import dev.passkeyfirst.keycloak.session.FallbackSessions;
import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Undoes an identity-provider link made by a fallback session. Applications can still start
 * Keycloak's legacy client-initiated linking ({@code /broker/{alias}/link}), which checks the user's
 * roles in the database rather than the session's token, so neither our token mapper nor our guard
 * sees it. The link event is sent inside the request's transaction, so removing the link here
 * means it never reaches the database.
 */
public class FallbackLinkListener implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(FallbackLinkListener.class);

    private final KeycloakSession session;

    public FallbackLinkListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getType() != EventType.FEDERATED_IDENTITY_LINK || event.getError() != null || event.getUserId() == null) return;
        String alias = event.getDetails() == null ? null : event.getDetails().get(Details.IDENTITY_PROVIDER);
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null || alias == null) return;
        UserModel user = session.users().getUserById(realm, event.getUserId());
        if (user == null || !linkingSessionIsFallback(realm, event)) return;
        if (session.users().removeFederatedIdentity(realm, user, alias)) {
            LOG.warnf("identity provider %s not linked to user %s: the session that asked signed in without a passkey", alias, user.getId());
        }
    }

    /** The user session that asked: named in the event, else the one the authentication session belongs to, else the browser's. */
    private boolean linkingSessionIsFallback(RealmModel realm, Event event) {
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        return Stream.of(event.getSessionId(), authSession == null ? null : authSession.getParentSession().getId())
                .filter(Objects::nonNull)
                .map(id -> session.sessions().getUserSession(realm, id))
                .filter(Objects::nonNull)
                .findFirst()
                .or(() -> java.util.Optional.ofNullable(AuthenticationManager.authenticateIdentityCookie(session, realm, false))
                        .map(AuthenticationManager.AuthResult::session))
                .map(FallbackSessions::isFallback)
                .orElse(false);
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
    }

    @Override
    public void close() {
    }
}
