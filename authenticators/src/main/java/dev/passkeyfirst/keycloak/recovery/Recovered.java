package dev.passkeyfirst.keycloak.recovery;

import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.common.AccountConsole;
import dev.passkeyfirst.keycloak.link.PartRequest;
import dev.passkeyfirst.keycloak.link.ResourcePart;
import dev.passkeyfirst.keycloak.link.PartFactory;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;

/** Where a recovery that began at an email link ends, signed in with limited rights. */
public class Recovered implements ResourcePart {

    @Override
    public Response get(PartRequest request) {
        return request.page(Pages.RECOVERED, "pkfAccountUrl", AccountConsole.url(request.session(), request.realm()), null, 200, null);
    }

    public static class Factory extends PartFactory {
        public Factory() {
            super(ProviderIds.PART_RECOVERED, Recovered::new);
        }
    }
}
