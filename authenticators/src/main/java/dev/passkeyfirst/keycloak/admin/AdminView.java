package dev.passkeyfirst.keycloak.admin;

import jakarta.ws.rs.core.UriBuilder;

import dev.passkeyfirst.keycloak.common.PageData;
import dev.passkeyfirst.keycloak.link.PartFactory;
import dev.passkeyfirst.keycloak.link.PartRequest;
import dev.passkeyfirst.keycloak.link.ResourcePart;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.RealmModel;

/**
 * {@code /realms/{realm}/passkey-first/admin-view}: the page an administrator opens from the admin
 * console (the "Home URL" of the client {@value AdminViewClient#CLIENT_ID}). The page holds no data:
 * its script signs the administrator in to this realm with that public client (code flow, PKCE) and
 * reads {@code /admin/realms/{target}/passkey-first/...} with the token, so Keycloak's admin
 * permissions decide what it shows, as they do for the console. {@code ?realm=} names the realm to
 * look at; a master administrator looks at every realm from here.
 */
public class AdminView implements ResourcePart {

    private static final String REALM_NAME = "[A-Za-z0-9._-]{1,255}";

    @Override
    public Response get(PartRequest request) {
        RealmModel realm = request.realm();
        String target = request.query("realm", 255);
        if (target == null || !target.matches(REALM_NAME)) target = realm.getName();
        UriBuilder base = request.session().getContext().getUri().getBaseUriBuilder();
        String protocol = base.clone().path("realms").path(realm.getName()).path("protocol/openid-connect").build().toString();
        PageData config = new PageData()
                .put("clientId", AdminViewClient.CLIENT_ID)
                .put("authUrl", protocol + "/auth")
                .put("tokenUrl", protocol + "/token")
                .put("logoutUrl", protocol + "/logout")
                .put("pageUrl", base.clone().path("realms").path(realm.getName()).path("passkey-first").path(ProviderIds.PART_ADMIN_VIEW).build().toString())
                .put("adminUrl", base.clone().path("admin/realms").build().toString())
                .put("target", target);
        return request.page(Pages.ADMIN_VIEW, "pkfAdminView", config.json(), null, 200, null);
    }

    public static class Factory extends PartFactory {
        public Factory() {
            super(ProviderIds.PART_ADMIN_VIEW, AdminView::new);
        }
    }
}
