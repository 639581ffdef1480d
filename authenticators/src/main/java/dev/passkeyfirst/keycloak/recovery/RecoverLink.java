package dev.passkeyfirst.keycloak.recovery;

import java.util.Optional;

import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.account.Recoveries;
import dev.passkeyfirst.keycloak.link.Link;
import dev.passkeyfirst.keycloak.link.LinkPage;
import dev.passkeyfirst.keycloak.link.Links;
import dev.passkeyfirst.keycloak.link.PartRequest;
import dev.passkeyfirst.keycloak.link.PartFactory;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.UserModel;

/**
 * The recovery link from an email: the page says what it does; the confirmation takes the link
 * (once, across the cluster) and hands this browser, and only this browser, an action token that
 * starts the recovery with the email proof given.
 */
public class RecoverLink extends Link {

    static final String COOKIE = "PKF_RECOVER";
    /** How long the confirmed browser has to open its recovery. */
    private static final int TOKEN_SECONDS = 15 * 60;

    public RecoverLink() {
        super(ProviderIds.PART_RECOVER, COOKIE, Pages.RECOVERY_LINK, "pkfErrorRecoveryLinkInvalid");
    }

    @Override
    protected Response show(PartRequest request) {
        Optional<UserModel> user = Links.peek(request.session(), ProviderIds.PART_RECOVER, request.id(), RecoveryMessages.LinkEntry.class)
                .flatMap(e -> account(request, e));
        if (user.isEmpty()) return gone(request, 410);
        return confirmPage(request, LinkPage.confirm(user.get().getUsername(), null, 0), TOKEN_SECONDS);
    }

    @Override
    protected Response take(PartRequest request, String binding) {
        // the single winner across the cluster: remove returns the entry to one request only
        Optional<UserModel> user = Links.take(request.session(), ProviderIds.PART_RECOVER, request.id(), RecoveryMessages.LinkEntry.class)
                .flatMap(e -> account(request, e));
        if (user.isEmpty()) return gone(request, 410);
        if (Recoveries.frozen(user.get())) return viewPage(request, "frozen", "pkfErrorRecoveryFrozen", 409);
        ClientModel client = Links.accountClient(request.realm());
        RecoveryActionToken token = new RecoveryActionToken(user.get().getId(), Time.currentTime() + TOKEN_SECONDS, binding,
                Recoveries.epoch(user.get()), client.getClientId());
        return request.redirect(Links.actionTokenUrl(request.session(), request.realm(), token, client.getClientId(), null));
    }

    private static Optional<UserModel> account(PartRequest request, RecoveryMessages.LinkEntry entry) {
        if (!request.realm().getId().equals(entry.realmId()) || entry.userId() == null || entry.userId().isEmpty()) return Optional.empty();
        return Optional.ofNullable(request.session().users().getUserById(request.realm(), entry.userId())).filter(UserModel::isEnabled);
    }

    public static class Factory extends PartFactory {
        public Factory() {
            super(ProviderIds.PART_RECOVER, RecoverLink::new);
        }
    }
}
