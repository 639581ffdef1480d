package dev.passkeyfirst.keycloak.login;

import java.util.List;
import java.util.Set;

import dev.passkeyfirst.keycloak.common.GlobalListenerFactory;
import org.jboss.logging.Logger;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Checks the related origins when an administrator saves the realm (the WebAuthn policy is part of
 * it): browsers use at most five registrable domain labels, and a longer list fails silently for the
 * sites past the fifth. Keycloak offers no hook that could refuse the save, so the check warns in the
 * server log at the moment of saving, naming the realm and the labels.
 */
public class RelatedOriginsCheck implements EventListenerProvider {

    static final String ID = "pkf-related-origins-check";
    private static final Logger LOG = Logger.getLogger(RelatedOriginsCheck.class);

    private final KeycloakSession session;

    RelatedOriginsCheck(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getResourceType() != ResourceType.REALM) return;
        if (event.getOperationType() != OperationType.UPDATE && event.getOperationType() != OperationType.CREATE) return;
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null || realm.getWebAuthnPolicyPasswordless() == null) return;
        List<String> extra = realm.getWebAuthnPolicyPasswordless().getExtraOrigins();
        if (extra == null || extra.isEmpty()) return;
        Set<String> labels = RelatedOrigins.labels(extra);
        if (labels.size() > RelatedOrigins.MAX_LABELS) {
            LOG.warnf("realm %s was saved with %d registrable domain labels among its related origins (WebAuthn Passwordless"
                    + " Policy, extra origins); browsers use only the first %d, so sign-ins from the others fail: %s",
                    realm.getName(), labels.size(), RelatedOrigins.MAX_LABELS, labels);
        }
    }

    @Override
    public void onEvent(Event event) {
    }

    @Override
    public void close() {
    }

    public static class Factory extends GlobalListenerFactory {
        public Factory() {
            super(ID, RelatedOriginsCheck::new);
        }
    }
}
