package dev.passkeyfirst.keycloak.enroll;

import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.common.AccountConsole;
import dev.passkeyfirst.keycloak.link.PartRequest;
import dev.passkeyfirst.keycloak.link.ResourcePart;
import dev.passkeyfirst.keycloak.link.PartFactory;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;

/**
 * Where a newly added device lands once it is signed in. Any code in the address is ignored: no
 * application asked for it, and it expires unused.
 */
public class DeviceAdded implements ResourcePart {

    @Override
    public Response get(PartRequest request) {
        return request.page(Pages.DEVICE_ADDED, "pkfAccountUrl", AccountConsole.url(request.session(), request.realm()), null, 200, null);
    }

    public static class Factory extends PartFactory {
        public Factory() {
            super(ProviderIds.PART_DEVICE_ADDED, DeviceAdded::new);
        }
    }
}
