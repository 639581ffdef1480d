package dev.passkeyfirst.keycloak.enroll;

import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.events.PkfEvent;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.link.LinkTokenHandler;
import dev.passkeyfirst.keycloak.link.Links;
import dev.passkeyfirst.keycloak.util.Secrets;
import dev.passkeyfirst.keycloak.vocabulary.AuthNotes;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.TokenVerifier;
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
public class PairDeviceActionTokenHandler extends LinkTokenHandler<PairDeviceActionToken> {

    public PairDeviceActionTokenHandler() {
        super(ProviderIds.PAIR_DEVICE_TOKEN, PairDeviceActionToken.class, PairLink.COOKIE, "pkfErrorPairLinkInvalid", EventType.CUSTOM_REQUIRED_ACTION);
    }

    @Override
    public TokenVerifier.Predicate<? super PairDeviceActionToken>[] getVerifiers(ActionTokenContext<PairDeviceActionToken> tokenContext) {
        RealmModel realm = tokenContext.getRealm();
        TokenVerifier.Predicate<? super PairDeviceActionToken>[] bound = super.getVerifiers(tokenContext);
        return TokenUtils.predicates(bound[0], TokenUtils.checkThat(t -> Pairing.load(tokenContext.getSession(), realm, t.getPairingId())
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
    protected Response handle(PairDeviceActionToken token, ActionTokenContext<PairDeviceActionToken> tokenContext) {
        AuthenticationSessionModel authSession = tokenContext.getAuthenticationSession();
        authSession.setAuthNote(AuthNotes.PAIR_PAIRING, token.getPairingId());
        if (authSession.getAuthNote(AuthenticationManager.END_AFTER_REQUIRED_ACTIONS) == null) {
            // B signs in without having asked any application to: it lands on our page, not on an
            // application that would receive a code it never requested
            String landing = Links.partUrl(tokenContext.getSession(), tokenContext.getRealm(), ProviderIds.PART_DEVICE_ADDED);
            authSession.setRedirectUri(landing);
            authSession.setClientNote(OIDCLoginProtocol.REDIRECT_URI_PARAM, landing);
        }
        authSession.addRequiredAction(ProviderIds.PAIR_DEVICE);
        PkfEvent.ADD_DEVICE_OPENED.from(tokenContext.getEvent()).detail(PkfEvents.PAIRING, Secrets.fingerprint(token.getPairingId())).success();
        String next = AuthenticationManager.nextRequiredAction(tokenContext.getSession(), authSession, tokenContext.getRequest(), tokenContext.getEvent());
        return AuthenticationManager.redirectToRequiredActions(tokenContext.getSession(), tokenContext.getRealm(), authSession,
                tokenContext.getUriInfo(), next);
    }
}
