package dev.passkeyfirst.keycloak.enroll;

import java.util.Optional;

import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.common.Requests;
import dev.passkeyfirst.keycloak.events.PkfEvent;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.link.Link;
import dev.passkeyfirst.keycloak.link.LinkPage;
import dev.passkeyfirst.keycloak.link.Links;
import dev.passkeyfirst.keycloak.link.PartRequest;
import dev.passkeyfirst.keycloak.link.PartFactory;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * The pairing link (or QR code) opened on the new device: shows whose account it joins; the
 * confirmation takes the link for this browser and hands it an action token for device B's step.
 * A second device that confirms a link another device took aborts the pairing, and device A, which
 * watches its pairing, sees why (DESIGN §4.3).
 */
public class PairLink extends Link {

    private static final Logger LOG = Logger.getLogger(PairLink.class);
    /** B's browser cookie: the secret whose hash the pairing keeps. */
    static final String COOKIE = "PKF_PAIR";

    public PairLink() {
        super(ProviderIds.PART_PAIR, COOKIE, Pages.PAIR_CONFIRM, "pkfErrorPairLinkInvalid");
    }

    @Override
    protected String actionQuery(PartRequest request) {
        return "email".equals(request.query("via", 16)) ? "via=email" : null;
    }

    @Override
    protected Response show(PartRequest request) {
        // a link already taken shows its page all the same: only a confirmation changes anything
        Optional<Pairing> pairing = Pairing.load(request.session(), request.realm(), request.id()).filter(p -> !p.state().ended());
        Optional<UserModel> account = pairing.flatMap(p -> owner(request, p));
        if (account.isEmpty()) return gone(request, 410);
        // a link another device took is confirmed (and so aborted) by any device, whoever it is signed in as
        if (pairing.get().state() == Pairing.State.WAITING && signedInAsSomeoneElse(request, pairing.get())) {
            return request.page(Pages.PAIR_CONFIRM, LinkPage.showing("other-account"), "pkfErrorPairOtherAccount", 409, null);
        }
        String via = "email".equals(request.query("via", 16)) ? "email" : "qr";
        return confirmPage(request, LinkPage.confirm(account.get().getUsername(), via, pairing.get().expiresAt()),
                (int) pairing.get().remainingSeconds());
    }

    /** A pairing that ended (added, aborted, expired) is gone for any device, as its page says. */
    @Override
    protected boolean usedUp(PartRequest request) {
        return Pairing.load(request.session(), request.realm(), request.id()).filter(p -> !p.state().ended()).isEmpty();
    }

    @Override
    protected Response take(PartRequest request, String binding) {
        KeycloakSession session = request.session();
        RealmModel realm = request.realm();
        Optional<Pairing> pairing = Pairing.load(session, realm, request.id()).filter(p -> !p.state().ended());
        Optional<UserModel> account = pairing.flatMap(p -> owner(request, p));
        if (account.isEmpty()) return gone(request, 410);
        Pairing p = pairing.get();
        // a device confirming a link another device took is a second device, whatever account it is signed in to
        boolean takenByAnother = p.state() != Pairing.State.WAITING && !p.boundTo(binding);
        if (!takenByAnother && signedInAsSomeoneElse(request, p)) {
            return request.page(Pages.PAIR_CONFIRM, LinkPage.showing("other-account"), "pkfErrorPairOtherAccount", 409, null);
        }
        Pairing.Via via = "email".equals(request.field("via", 16)) || "email".equals(request.query("via", 16))
                ? Pairing.Via.EMAIL_LINK : Pairing.Via.QR_CODE;
        boolean taken = p.state() == Pairing.State.WAITING
                && p.claimForDeviceB(session, binding, Requests.agent(session), Requests.ip(session), via);
        if (!taken && !p.boundTo(binding)) {
            // a second device on one link: it leaked, or someone races the user; stop everything and let A see it
            if (p.end(session, Pairing.State.ABORTED, "second_device", null) && p.pendingId() != null) {
                session.getProvider(PasskeyRecordStore.class).removePending(realm, p.pendingId());
            }
            PkfEvent.ADD_DEVICE_SECOND_DEVICE.from(request.event()).user(account.get())
                    .detail(PkfEvents.PAIRING, p.fingerprint()).error("pkf_second_device");
            LOG.warnf("pairing %s aborted: a second device confirmed the link", p.fingerprint());
            return request.page(Pages.PAIR_CONFIRM, LinkPage.showing("gone"), "pkfErrorPairSecondDevice", 409, null);
        }
        ClientModel client = Links.accountClient(realm);
        PairDeviceActionToken token = new PairDeviceActionToken(account.get().getId(), (int) (p.expiresAt() / 1000), p.id(), binding,
                client.getClientId());
        return request.redirect(Links.actionTokenUrl(session, realm, token, client.getClientId(), null));
    }

    private static Optional<UserModel> owner(PartRequest request, Pairing p) {
        return Optional.ofNullable(request.session().users().getUserById(request.realm(), p.userId())).filter(UserModel::isEnabled);
    }

    private static boolean signedInAsSomeoneElse(PartRequest request, Pairing p) {
        AuthenticationManager.AuthResult sso = request.signedIn();
        return sso != null && !sso.user().getId().equals(p.userId());
    }

    public static class Factory extends PartFactory {
        public Factory() {
            super(ProviderIds.PART_PAIR, PairLink::new);
        }
    }
}
