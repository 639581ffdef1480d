package dev.passkeyfirst.keycloak.recovery;

import java.util.Optional;

import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.account.AccountSessions;
import dev.passkeyfirst.keycloak.ceremony.PasskeyRemoval;
import dev.passkeyfirst.keycloak.ceremony.RecoveryReview;
import dev.passkeyfirst.keycloak.events.PkfEvent;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.link.Link;
import dev.passkeyfirst.keycloak.link.LinkPage;
import dev.passkeyfirst.keycloak.link.PartRequest;
import dev.passkeyfirst.keycloak.link.PartFactory;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * "This wasn't me", from a recovery notice: the page says what it will do; the POST ends every
 * recovery of the account (the one noticed and any other under way), removes the passkey the
 * noticed one produced if it already works, signs its sessions out, and freezes email and SMS.
 * It signs no one in.
 */
public class NotMeLink extends Link {

    static final String COOKIE = "PKF_NOT_ME";

    public NotMeLink() {
        super(ProviderIds.PART_NOT_ME, COOKIE, Pages.NOT_ME, "pkfErrorRecoveryLinkInvalid");
    }

    @Override
    protected String actionQuery(PartRequest request) {
        return userQuery(request);
    }

    @Override
    protected Response show(PartRequest request) {
        if (NotMeLinks.find(namedUser(request), request.id()).isEmpty()) return gone(request, 410);
        return confirmPage(request, LinkPage.confirm(null, null, 0), 3600);
    }

    @Override
    protected Response take(PartRequest request, String binding) {
        KeycloakSession session = request.session();
        RealmModel realm = request.realm();
        UserModel user = namedUser(request);
        Optional<NotMeLinks.Notice> notice = NotMeLinks.take(session, user, request.id());
        if (notice.isEmpty()) return gone(request, 410);
        // a notice sent during the waiting period also covers the passkey once the waiting is over
        String credentialId = notice.get().credentialNow(session, realm, user);
        boolean held = credentialId != null && user.credentialManager().getStoredCredentialById(credentialId) != null;
        RecoveryReview.Ended ended = RecoveryReview.endAll(session, realm, user);
        if (held) {
            // a removal like any other (DESIGN §5): an event with the passkey, and the owner told
            if (!ended.passkeys().contains(credentialId) && PasskeyRemoval.remove(session, realm, user, credentialId).isPresent()) {
                PkfEvent.PASSKEY_REMOVED.from(request.event()).user(user).detail(PkfEvents.CREDENTIAL_ID, credentialId)
                        .detail(PkfEvents.REASON, "not_me").success();
            }
            AccountSessions.signOutEverywhere(session, realm, user);
        }
        PkfEvent.RECOVERY_CANCELLED_BY_OWNER.from(request.event()).user(user).detail(PkfEvents.PENDING, Integer.toString(ended.waiting())).success();
        return viewPage(request, "done", null, 200);
    }


    public static class Factory extends PartFactory {
        public Factory() {
            super(ProviderIds.PART_NOT_ME, NotMeLink::new);
        }
    }
}
