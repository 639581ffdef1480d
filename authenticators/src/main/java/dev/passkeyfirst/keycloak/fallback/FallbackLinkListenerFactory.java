package dev.passkeyfirst.keycloak.fallback;

import dev.passkeyfirst.keycloak.util.PkfFactory;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;

/** Event listener "pkf-fallback-limits": add it to the realm's event listeners (Realm settings, Events). */
public class FallbackLinkListenerFactory implements EventListenerProviderFactory, PkfFactory<EventListenerProvider> {

    public static final String PROVIDER_ID = ProviderIds.FALLBACK_LIMITS_LISTENER;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new FallbackLinkListener(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
