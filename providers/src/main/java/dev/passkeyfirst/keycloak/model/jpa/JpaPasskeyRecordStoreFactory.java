package dev.passkeyfirst.keycloak.model.jpa;

import dev.passkeyfirst.keycloak.util.PkfFactory;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStoreFactory;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

public class JpaPasskeyRecordStoreFactory implements PasskeyRecordStoreFactory, PkfFactory<PasskeyRecordStore> {

    public static final String PROVIDER_ID = "pkf-jpa";

    @Override
    public PasskeyRecordStore create(KeycloakSession session) {
        return new JpaPasskeyRecordStore(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // no foreign keys into Keycloak's tables (DESIGN §6): follow removals in the same transaction instead
        factory.register(event -> {
            if (event instanceof UserModel.UserRemovedEvent removed) {
                store(removed.getKeycloakSession()).removeForUser(removed.getRealm().getId(), removed.getUser().getId());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                store(removed.getKeycloakSession()).removeForRealm(removed.getRealm().getId());
            }
        });
    }

    private static JpaPasskeyRecordStore store(KeycloakSession session) {
        return (JpaPasskeyRecordStore) session.getProvider(PasskeyRecordStore.class, PROVIDER_ID);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
