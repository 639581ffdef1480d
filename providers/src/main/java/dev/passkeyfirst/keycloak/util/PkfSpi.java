package dev.passkeyfirst.keycloak.util;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** One of our SPIs: public (admins may add providers of their own), named {@code pkf-...}. */
public abstract class PkfSpi implements Spi {

    private final String name;
    private final Class<? extends Provider> provider;
    @SuppressWarnings("rawtypes")
    private final Class<? extends ProviderFactory> factory;

    @SuppressWarnings("rawtypes")
    protected PkfSpi(String name, Class<? extends Provider> provider, Class<? extends ProviderFactory> factory) {
        this.name = name;
        this.provider = provider;
        this.factory = factory;
    }

    @Override
    public final boolean isInternal() {
        return false;
    }

    @Override
    public final String getName() {
        return name;
    }

    @Override
    public final Class<? extends Provider> getProviderClass() {
        return provider;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public final Class<? extends ProviderFactory> getProviderFactoryClass() {
        return factory;
    }
}
