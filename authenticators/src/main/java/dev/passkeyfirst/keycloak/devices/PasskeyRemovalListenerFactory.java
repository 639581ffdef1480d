package dev.passkeyfirst.keycloak.devices;

import dev.passkeyfirst.keycloak.util.PkfFactory;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;

/** Event listener "pkf-passkey-notices": add it to the realm's event listeners (Realm settings, Events). */
public class PasskeyRemovalListenerFactory implements EventListenerProviderFactory, PkfFactory<EventListenerProvider> {

    public static final String PROVIDER_ID = ProviderIds.PASSKEY_NOTICES_LISTENER;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new PasskeyRemovalListener(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
