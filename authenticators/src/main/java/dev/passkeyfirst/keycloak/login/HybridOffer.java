package dev.passkeyfirst.keycloak.login;

import jakarta.ws.rs.core.NewCookie;

import dev.passkeyfirst.keycloak.session.PasskeySessions;
import dev.passkeyfirst.keycloak.vocabulary.AuthNotes;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.keycloak.webauthn.StoredPasskey;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * DESIGN §4.1: a sign-in with a passkey from another device (hybrid: a phone, through the browser's
 * QR code) offers, once per browser, to create a passkey on this device too. "Once" is a cookie of
 * this browser: the offer is about the device, and nothing about it needs to live on the server.
 */
final class HybridOffer {

    static final String COOKIE = "PKF_PASSKEY_OFFERED";
    private static final int ONE_YEAR = 365 * 24 * 3600;

    private HybridOffer() {
    }

    static void offerIfHybrid(KeycloakSession session, AuthenticationFlowContext context, UserModel user, PasskeyLoginConfig config) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        RealmModel realm = context.getRealm();
        // an application's own action (add a device, manage passkeys) goes first and alone
        if (authSession.getClientNote(Constants.KC_ACTION) != null || !config.offerAfterHybrid()) return;
        PasskeySessions.Proof proof = PasskeySessions.of(authSession).orElse(null);
        if (proof == null || !"cross-platform".equals(proof.attachment())) return;
        // a security key is cross-platform too, but it is already "this device": only a passkey that
        // travels by hybrid (a phone's) makes the offer worth it
        boolean fromPhone = StoredPasskey.of(user).stream()
                .anyMatch(p -> p.credentialModelId().equals(proof.credentialId()) && p.transports().contains("hybrid"));
        var action = realm.getRequiredActionProviderByAlias(ProviderIds.CREATE_PASSKEY);
        if (!fromPhone || action == null || !action.isEnabled()) return;
        if (session.getContext().getRequestHeaders().getCookies().containsKey(COOKIE)) return;
        authSession.addRequiredAction(ProviderIds.CREATE_PASSKEY);
        authSession.setAuthNote(AuthNotes.CREATE_OFFER, "hybrid");
        String path = AuthenticationManager.getRealmCookiePath(realm, session.getContext().getUri());
        session.getContext().getHttpResponse().setCookieIfAbsent(new NewCookie.Builder(COOKIE).value("1").path(path)
                .maxAge(ONE_YEAR).httpOnly(true).secure("https".equals(session.getContext().getUri().getBaseUri().getScheme()))
                .sameSite(NewCookie.SameSite.LAX).build());
    }
}
