package dev.passkeyfirst.keycloak.link;

import java.util.function.Supplier;

import org.keycloak.models.KeycloakSession;

/**
 * The factory a flow registers for one part of the realm resource: its path segment and how to make
 * the part. A flow's part declares {@code public static class Factory extends PartFactory} with a
 * no-argument constructor naming both, and lists it in
 * {@code META-INF/services/dev.passkeyfirst.keycloak.link.ResourcePartFactory}.
 */
public abstract class PartFactory implements ResourcePartFactory {

    private final String id;
    private final Supplier<ResourcePart> part;

    protected PartFactory(String id, Supplier<ResourcePart> part) {
        this.id = id;
        this.part = part;
    }

    @Override
    public final ResourcePart create(KeycloakSession session) {
        return part.get();
    }

    @Override
    public final String getId() {
        return id;
    }
}
