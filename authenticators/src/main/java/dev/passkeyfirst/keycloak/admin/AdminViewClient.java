package dev.passkeyfirst.keycloak.admin;

import java.util.Set;

import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

/**
 * The public client the admin view signs in with. Made once in the master realm at startup, as
 * Keycloak makes its own console's client: it appears in the console's client list, and its "Home
 * URL" is the link to the view. An admin who deletes it finds it again after a restart unless the
 * option {@code adminViewClient} is off; realm administrators of other realms add it to their realm
 * the same way (README).
 */
final class AdminViewClient {

    static final String CLIENT_ID = "pkf-admin-view";

    private static final Logger LOG = Logger.getLogger(AdminViewClient.class);

    private AdminViewClient() {
    }

    static void ensureInMaster(KeycloakSessionFactory factory) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel master = session.realms().getRealmByName(Config.getAdminRealm());
                if (master != null && master.getClientByClientId(CLIENT_ID) == null) add(session, master);
            });
        } catch (RuntimeException raced) {
            // two nodes starting at once: the other one made it (the client id is unique per realm)
            LOG.debugf("admin view client not added: %s", raced.toString());
        }
    }

    static ClientModel add(KeycloakSession session, RealmModel realm) {
        String page = "/realms/" + realm.getName() + "/passkey-first/" + ProviderIds.PART_ADMIN_VIEW;
        ClientModel c = realm.addClient(CLIENT_ID);
        c.setName("Passkey First admin view");
        c.setDescription("Users' passkeys, waiting recoveries and passkey adoption. Open its Home URL.");
        c.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        c.setPublicClient(true);
        // Keycloak's own public clients name one too, though no secret is ever checked
        c.setClientAuthenticatorType("client-secret");
        c.setStandardFlowEnabled(true);
        c.setImplicitFlowEnabled(false);
        c.setDirectAccessGrantsEnabled(false);
        c.setServiceAccountsEnabled(false);
        // the token must carry the administrator's realm-management roles, as the console's does
        c.setFullScopeAllowed(true);
        c.setRootUrl("${authBaseUrl}");
        c.setBaseUrl(page);
        c.setRedirectUris(Set.of(page, page + "?*"));
        c.setWebOrigins(Set.of("+"));
        c.setAttribute("pkce.code.challenge.method", "S256");
        c.setAttribute("post.logout.redirect.uris", "+");
        c.setEnabled(true);
        LOG.infof("added the client %s to realm %s for the Passkey First admin view", CLIENT_ID, realm.getName());
        return c;
    }
}
