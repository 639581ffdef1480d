package dev.passkeyfirst.keycloak.recovery;

import java.util.Optional;

import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.account.AccountSessions;
import dev.passkeyfirst.keycloak.ceremony.PasskeyNotices;
import dev.passkeyfirst.keycloak.ceremony.RecoveryReview;
import dev.passkeyfirst.keycloak.events.PkfEvent;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.link.Link;
import dev.passkeyfirst.keycloak.link.LinkPage;
import dev.passkeyfirst.keycloak.link.PartRequest;
import dev.passkeyfirst.keycloak.link.PartFactory;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;

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
        CredentialModel recovered = credentialId == null ? null : user.credentialManager().getStoredCredentialById(credentialId);
        RecoveryReview.Ended ended = RecoveryReview.endAll(session, realm, user);
        if (recovered != null) {
            if (!ended.passkeys().contains(credentialId)) {
                user.credentialManager().removeStoredCredentialById(credentialId);
                session.getProvider(PasskeyRecordStore.class).remove(realm, credentialId);
                // a removal like any other (DESIGN §5): an event with the passkey, and the owner told
                PkfEvent.PASSKEY_REMOVED.from(request.event()).user(user).detail(PkfEvents.CREDENTIAL_ID, credentialId)
                        .detail(PkfEvents.REASON, "not_me").success();
                PasskeyNotices.removed(session, realm, user, recovered.getUserLabel(), aaguid(recovered));
            }
            AccountSessions.signOutEverywhere(session, realm, user);
        }
        PkfEvent.RECOVERY_CANCELLED_BY_OWNER.from(request.event()).user(user).detail(PkfEvents.PENDING, Integer.toString(ended.waiting())).success();
        return viewPage(request, "done", null, 200);
    }


    private static String aaguid(CredentialModel credential) {
        try {
            return WebAuthnCredentialModel.createFromCredentialModel(credential).getWebAuthnCredentialData().getAaguid();
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    public static class Factory extends PartFactory {
        public Factory() {
            super(ProviderIds.PART_NOT_ME, NotMeLink::new);
        }
    }
}
