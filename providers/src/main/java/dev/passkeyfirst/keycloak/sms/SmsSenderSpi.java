package dev.passkeyfirst.keycloak.sms;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Text messages for recovery codes. Ships with a log sender (demo) and an HTTP gateway sender. */
public class SmsSenderSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return "pkf-sms-sender";
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return SmsSender.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return SmsSenderFactory.class;
    }
}
