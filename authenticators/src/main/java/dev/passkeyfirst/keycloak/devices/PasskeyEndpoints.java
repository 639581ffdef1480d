package dev.passkeyfirst.keycloak.devices;

import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.common.AccountConsole;
import dev.passkeyfirst.keycloak.common.PageData;
import dev.passkeyfirst.keycloak.link.PartFactory;
import dev.passkeyfirst.keycloak.link.PartRequest;
import dev.passkeyfirst.keycloak.link.ResourcePart;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;

/**
 * The W3C Passkey Endpoints document ({@code /.well-known/passkey-endpoints} once a reverse proxy
 * maps the host's root to this realm URL): a password manager that holds a password for the site
 * offers its user to "create a passkey" and to "manage passkeys" there. Both lead to the account
 * console's "Signing in", whose passkey "Set up" opens our create page and, from there, the passkeys
 * page; the account console signs the user in first.
 */
public class PasskeyEndpoints implements ResourcePart {

    @Override
    public Response get(PartRequest request) {
        String signingIn = AccountConsole.url(request.session(), request.realm()) + "/account-security/signing-in";
        return request.json(new PageData().put("enroll", signingIn).put("manage", signingIn));
    }

    public static class Factory extends PartFactory {
        public Factory() {
            super(ProviderIds.PART_PASSKEY_ENDPOINTS, PasskeyEndpoints::new);
        }
    }
}
