package dev.passkeyfirst.keycloak.link;

import dev.passkeyfirst.keycloak.util.PkfFactory;

/** Makes a {@link ResourcePart}; its id is the part's path segment. */
public interface ResourcePartFactory extends PkfFactory<ResourcePart> {
}
