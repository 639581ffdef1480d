package dev.passkeyfirst.keycloak.model.jpa.entity;

import java.util.List;

import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

public class PkfJpaEntityProvider implements JpaEntityProvider {

    @Override
    public List<Class<?>> getEntities() {
        return List.of(PasskeyEntity.class, PendingPasskeyEntity.class, AdoptionEntity.class, ActivityEntity.class,
                CredentialIdEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/pkf-changelog-master.xml";
    }

    @Override
    public String getFactoryId() {
        return PkfJpaEntityProviderFactory.PROVIDER_ID;
    }

    @Override
    public void close() {
    }
}
