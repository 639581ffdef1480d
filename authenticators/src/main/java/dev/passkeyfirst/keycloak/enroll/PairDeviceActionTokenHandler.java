package dev.passkeyfirst.keycloak.enroll;

import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.events.PkfEvents;
import org.keycloak.TokenVerifier;
import org.keycloak.authentication.actiontoken.AbstractActionTokenHandler;
import org.keycloak.authentication.actiontoken.ActionTokenContext;
import org.keycloak.authentication.actiontoken.TokenUtils;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Device B's way into Keycloak's login machinery: the token gives B an authentication session for
 * the account, with our "join this account" step as its only required action. Nothing is trusted
 * yet: that step holds B until device A approves, and only then does Keycloak finish (and, where
 * the realm allows it, sign B in).
 */
public class PairDeviceActionTokenHandler extends AbstractActionTokenHandler<PairDeviceActionToken> {

    public static final String NOTE_PAIRING = "pkf.pair.id";

    public PairDeviceActionTokenHandler() {
        super(PairDeviceActionToken.TOKEN_TYPE, PairDeviceActionToken.class, "pkfErrorPairLinkInvalid",
                EventType.CUSTOM_REQUIRED_ACTION, Errors.NOT_ALLOWED);
    }

    @Override
    public TokenVerifier.Predicate<? super PairDeviceActionToken>[] getVerifiers(ActionTokenContext<PairDeviceActionToken> tokenContext) {
        RealmModel realm = tokenContext.getRealm();
        return TokenUtils.predicates(TokenUtils.checkThat(t -> Pairing.load(tokenContext.getSession(), realm, t.getPairingId())
                        .filter(p -> p.userId().equals(t.getUserId()) && !p.state().ended())
                        .isPresent(),
                Errors.NOT_ALLOWED, "pkfErrorPairLinkInvalid"));
    }

    @Override
    public AuthenticationSessionModel startFreshAuthenticationSession(PairDeviceActionToken token, ActionTokenContext<PairDeviceActionToken> tokenContext) {
        AuthenticationSessionModel authSession = super.startFreshAuthenticationSession(token, tokenContext);
        if (AddDeviceConfig.of(tokenContext.getRealm()).signInNewDevice()) {
            // after approval Keycloak completes the sign-in on B instead of only ending the actions
            authSession.removeAuthNote(AuthenticationManager.END_AFTER_REQUIRED_ACTIONS);
        }
        return authSession;
    }

    @Override
    public Response handleToken(PairDeviceActionToken token, ActionTokenContext<PairDeviceActionToken> tokenContext) {
        AuthenticationSessionModel authSession = tokenContext.getAuthenticationSession();
        authSession.setAuthNote(NOTE_PAIRING, token.getPairingId());
        if (authSession.getAuthNote(AuthenticationManager.END_AFTER_REQUIRED_ACTIONS) == null) {
            // B signs in without having asked any application to: it lands on our page, not on an
            // application that would receive a code it never requested
            String landing = tokenContext.getUriInfo().getBaseUriBuilder().path("realms").path(tokenContext.getRealm().getName())
                    .path("passkey-first").path("device-added").build().toString();
            authSession.setRedirectUri(landing);
            authSession.setClientNote(OIDCLoginProtocol.REDIRECT_URI_PARAM, landing);
        }
        authSession.addRequiredAction(PairDeviceActionFactory.PROVIDER_ID);
        tokenContext.getEvent().clone().detail(PkfEvents.ACTION, "add_device_opened").success();
        String next = AuthenticationManager.nextRequiredAction(tokenContext.getSession(), authSession, tokenContext.getRequest(), tokenContext.getEvent());
        return AuthenticationManager.redirectToRequiredActions(tokenContext.getSession(), tokenContext.getRealm(), authSession,
                tokenContext.getUriInfo(), next);
    }

    /** One use, recorded by Keycloak when B's actions end; completion itself is guarded by the pairing's claims. */
    @Override
    public boolean canUseTokenRepeatedly(PairDeviceActionToken token, ActionTokenContext<PairDeviceActionToken> tokenContext) {
        return false;
    }
}
