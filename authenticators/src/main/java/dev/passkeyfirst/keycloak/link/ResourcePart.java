package dev.passkeyfirst.keycloak.link;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.provider.Provider;

/**
 * One part of the realm resource, {@code /realms/{realm}/passkey-first/{part}[/{id}]}: a link's page
 * or a page a flow lands on. Each flow contributes its parts as providers (its factory's id is the
 * path segment), so the resource itself knows no flow.
 */
public interface ResourcePart extends Provider {

    /** GET and HEAD: shows; never changes anything (mail scanners and link previews come this way). */
    Response get(PartRequest request);

    /** POST. A part that only shows answers 405 (with a type: Keycloak's security headers refuse a response without one). */
    default Response post(PartRequest request) {
        return Response.status(Response.Status.METHOD_NOT_ALLOWED).type(MediaType.TEXT_PLAIN_TYPE).entity("Method Not Allowed").build();
    }

    @Override
    default void close() {
    }
}
