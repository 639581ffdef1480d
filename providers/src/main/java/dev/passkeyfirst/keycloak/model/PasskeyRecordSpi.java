package dev.passkeyfirst.keycloak.model;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

public class PasskeyRecordSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return "pkf-passkey-records";
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return PasskeyRecordStore.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return PasskeyRecordStoreFactory.class;
    }
}
