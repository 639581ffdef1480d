package dev.passkeyfirst.keycloak.recovery;

import java.util.Optional;

import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.link.Link;
import dev.passkeyfirst.keycloak.link.LinkPage;
import dev.passkeyfirst.keycloak.link.Links;
import dev.passkeyfirst.keycloak.link.PartRequest;
import dev.passkeyfirst.keycloak.link.PartFactory;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.common.util.Time;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionCompoundId;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

/**
 * The email sign-in link: shows a button only in the browser that asked for it (whose
 * authentication session waits for this link); anywhere else it says where to open it.
 */
public class SignInLink extends Link {

    static final String COOKIE = "PKF_SIGN_IN";
    private static final int TOKEN_SECONDS = 5 * 60;

    public SignInLink() {
        super(ProviderIds.PART_SIGN_IN, COOKIE, Pages.SIGN_IN_LINK, "pkfErrorSignInLinkInvalid");
    }

    @Override
    protected Response show(PartRequest request) {
        Optional<SignInLinks.Link> link = SignInLinks.peek(request.session(), request.realm(), request.id());
        if (link.isEmpty()) return gone(request, 410);
        Optional<Response> refused = refuseHere(request, link.get());
        if (refused.isPresent()) return refused.get();
        UserModel user = request.session().users().getUserById(request.realm(), link.get().userId());
        if (user == null || !user.isEnabled()) return gone(request, 410);
        return confirmPage(request, LinkPage.confirm(user.getUsername(), null, 0), 15 * 60);
    }

    @Override
    protected Response take(PartRequest request, String binding) {
        Optional<SignInLinks.Link> link = SignInLinks.peek(request.session(), request.realm(), request.id());
        if (link.isEmpty()) return gone(request, 410);
        // checked before the link is used up: a link tried in the wrong browser still works in the right one
        Optional<Response> refused = refuseHere(request, link.get());
        if (refused.isPresent()) return refused.get();
        Optional<AuthenticationSessionModel> waiting = SignInLinks.waitingSession(request.realm(), request.browserRoot(), request.id(), link.get());
        if (waiting.isEmpty() || !SignInLinks.take(request.session(), request.id(), link.get(), waiting.get())) return gone(request, 410);
        AuthenticationSessionModel authSession = waiting.get();
        SignInLinkActionToken token = new SignInLinkActionToken(link.get().userId(), Time.currentTime() + TOKEN_SECONDS,
                AuthenticationSessionCompoundId.fromAuthSession(authSession).getEncodedId(), binding, authSession.getClient().getClientId());
        return request.redirect(Links.actionTokenUrl(request.session(), request.realm(), token, authSession.getClient().getClientId(),
                authSession.getTabId()));
    }

    /** Another browser (403), or this browser's sign-in no longer waiting for this link (410). */
    private Optional<Response> refuseHere(PartRequest request, SignInLinks.Link link) {
        RootAuthenticationSessionModel root = request.browserRoot();
        if (!SignInLinks.askedHere(root, link)) {
            return Optional.of(viewPage(request, "otherBrowser", "pkfErrorSignInLinkOtherBrowser", 403));
        }
        if (SignInLinks.waitingSession(request.realm(), root, request.id(), link).isEmpty()) return Optional.of(gone(request, 410));
        return Optional.empty();
    }

    public static class Factory extends PartFactory {
        public Factory() {
            super(ProviderIds.PART_SIGN_IN, SignInLink::new);
        }
    }
}
