package dev.passkeyfirst.keycloak.model.jpa.entity;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

public class PkfJpaEntityProviderFactory implements JpaEntityProviderFactory {

    /** Also names Liquibase's history table for our changesets: DATABASECHANGELOG_PKF_ENTITI. */
    public static final String PROVIDER_ID = "pkf-entities";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return new PkfJpaEntityProvider();
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
