package dev.passkeyfirst.keycloak.model;

import org.keycloak.provider.ProviderFactory;

public interface PasskeyRecordStoreFactory extends ProviderFactory<PasskeyRecordStore> {
}
