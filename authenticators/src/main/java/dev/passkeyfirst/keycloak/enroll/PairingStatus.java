package dev.passkeyfirst.keycloak.enroll;

import java.util.Optional;

import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.common.PageData;
import dev.passkeyfirst.keycloak.link.PartRequest;
import dev.passkeyfirst.keycloak.link.ResourcePart;
import dev.passkeyfirst.keycloak.link.PartFactory;
import dev.passkeyfirst.keycloak.vocabulary.AuthNotes;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

/**
 * What the page of this browser's current authentication (tab) is waiting for: the state of the
 * pairing device A started or device B joined. Read-only and bound to the browser's own
 * authentication session; it never reveals a code or an id.
 */
public class PairingStatus implements ResourcePart {

    @Override
    public Response get(PartRequest request) {
        RootAuthenticationSessionModel root = request.browserRoot();
        String tabId = request.query("tab_id", 64);
        AuthenticationSessionModel authSession = root == null || tabId == null ? null : root.getAuthenticationSessions().get(tabId);
        String id = authSession == null ? null
                : Optional.ofNullable(authSession.getAuthNote(AuthNotes.ADD_PAIRING)).orElse(authSession.getAuthNote(AuthNotes.PAIR_PAIRING));
        Optional<Pairing> p = Pairing.load(request.session(), request.realm(), id);
        return request.json(new PageData()
                .put("state", p.map(x -> x.state().name()).orElse("EXPIRED"))
                .put("remainingSeconds", p.map(Pairing::remainingSeconds).orElse(0L)));
    }

    public static class Factory extends PartFactory {
        public Factory() {
            super(ProviderIds.PART_PAIRING_STATUS, PairingStatus::new);
        }
    }
}
