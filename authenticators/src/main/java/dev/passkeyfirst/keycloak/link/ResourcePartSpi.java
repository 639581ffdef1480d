package dev.passkeyfirst.keycloak.link;

import dev.passkeyfirst.keycloak.util.PkfSpi;

/** The SPI through which flows contribute parts to the realm resource. */
public class ResourcePartSpi extends PkfSpi {

    public ResourcePartSpi() {
        super("pkf-resource-part", ResourcePart.class, ResourcePartFactory.class);
    }
}
