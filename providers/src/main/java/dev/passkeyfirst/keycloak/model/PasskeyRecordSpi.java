package dev.passkeyfirst.keycloak.model;

import dev.passkeyfirst.keycloak.util.PkfSpi;

/** Where our facts about passkeys are kept: {@link PasskeyRecordStore}. */
public class PasskeyRecordSpi extends PkfSpi {

    public PasskeyRecordSpi() {
        super("pkf-passkey-records", PasskeyRecordStore.class, PasskeyRecordStoreFactory.class);
    }
}
