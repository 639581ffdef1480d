package dev.passkeyfirst.keycloak.link;

import dev.passkeyfirst.keycloak.util.PkfFactory;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Serves {@code /realms/{realm}/passkey-first/...} through the parts the flows contribute. */
public class PasskeyFirstResourceProviderFactory implements RealmResourceProviderFactory, PkfFactory<RealmResourceProvider> {

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new PasskeyFirstResource(session);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public String getId() {
        return ProviderIds.REALM_RESOURCE;
    }
}
