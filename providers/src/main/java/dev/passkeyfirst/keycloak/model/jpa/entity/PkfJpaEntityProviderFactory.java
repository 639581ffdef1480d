package dev.passkeyfirst.keycloak.model.jpa.entity;

import dev.passkeyfirst.keycloak.util.PkfFactory;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;

public class PkfJpaEntityProviderFactory implements JpaEntityProviderFactory, PkfFactory<JpaEntityProvider> {

    /** Also names Liquibase's history table for our changesets: DATABASECHANGELOG_PKF_ENTITI. */
    public static final String PROVIDER_ID = "pkf-entities";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return new PkfJpaEntityProvider();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
