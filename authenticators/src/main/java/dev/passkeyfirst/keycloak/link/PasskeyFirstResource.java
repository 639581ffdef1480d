package dev.passkeyfirst.keycloak.link;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;

/**
 * {@code /realms/{realm}/passkey-first/{part}[/{id}]}: hands each request to the part a flow
 * contributed under that name ({@link ResourcePart}). Knows no flow; answers 404 for a part nobody
 * contributed and 400 for a form it cannot read, before any part sees it.
 */
public class PasskeyFirstResource {

    private static final Logger LOG = Logger.getLogger(PasskeyFirstResource.class);
    private static final int MAX_ID = 64;

    private final KeycloakSession session;

    public PasskeyFirstResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Path("{part}")
    public Response show(@PathParam("part") String part) {
        return showItem(part, null);
    }

    @GET
    @Path("{part}/{id}")
    public Response showItem(@PathParam("part") String part, @PathParam("id") String id) {
        ResourcePart p = part(part, id);
        return p == null ? notFound() : p.get(new PartRequest(session, id, null));
    }

    @POST
    @Path("{part}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response act(@PathParam("part") String part) {
        return actOnItem(part, null);
    }

    @POST
    @Path("{part}/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response actOnItem(@PathParam("part") String part, @PathParam("id") String id) {
        ResourcePart p = part(part, id);
        if (p == null) return notFound();
        MultivaluedMap<String, String> form;
        try {
            form = session.getContext().getHttpRequest().getDecodedFormParameters();
        } catch (RuntimeException unreadable) {
            LOG.debugf("unreadable form posted to part %s: %s", part, unreadable.getClass().getSimpleName());
            return Response.status(Response.Status.BAD_REQUEST).build();
        }
        return p.post(new PartRequest(session, id, form));
    }

    private ResourcePart part(String part, String id) {
        if (part == null || !part.matches("[a-z-]{1,32}") || (id != null && id.length() > MAX_ID)) return null;
        return session.getProvider(ResourcePart.class, part);
    }

    private static Response notFound() {
        return Response.status(Response.Status.NOT_FOUND).build();
    }
}
