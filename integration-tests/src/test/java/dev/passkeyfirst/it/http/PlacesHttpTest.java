package dev.passkeyfirst.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passkeyfirst.it.harness.GeoIpTestDatabase;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RequiredActionConfigRepresentation;

/**
 * Issue 19, item 1: every passkey sign-in stores where it came from, as a place: the city and
 * country from the admin's GeoIP database, or the network alone without one.
 */
class PlacesHttpTest extends ServerTest {

    private String lastUsedPlace(String email) throws Exception {
        SoftAuthenticator key = new SoftAuthenticator();
        String id = realm.createUser(email);
        assertTrue(HttpFlows.register(realm, mailbox, id, email, key).status() < 400);
        assertTrue(HttpFlows.signedIn(HttpFlows.signIn(new WebClient(), realm, key)));
        String token = server.admin().tokenManager().getAccessTokenString();
        String url = realm.baseUrl + "/admin/realms/" + realm.name + "/" + ProviderIds.REALM_RESOURCE + "/users/" + id;
        JsonNode user = OidcHttp.JSON.readTree(OidcHttp.bearer("GET", url, token, null).body());
        return user.get("passkeys").get(0).path("lastUsedPlace").asText();
    }

    @Test
    void withoutAGeoIpDatabaseTheNetworkIsShown() throws Exception {
        assertEquals("127.0.0.0/24", lastUsedPlace("places-network@example.org"));
    }

    @Test
    void withTheAdminsGeoIpDatabaseTheCityAndCountryAreStored() throws Exception {
        Path db = GeoIpTestDatabase.write(Path.of("target/geoip-places.mmdb").toAbsolutePath(),
                Map.of("127.0.0.0/8", new String[]{"Testville", "Testland"}));
        RequiredActionConfigRepresentation config = new RequiredActionConfigRepresentation();
        config.setConfig(Map.of("pkf.geoIpDatabase", db.toString()));
        realm.resource.flows().updateRequiredActionConfig(ProviderIds.ADD_DEVICE, config);
        try {
            assertEquals("Testville, Testland", lastUsedPlace("places-city@example.org"));
        } finally {
            realm.resource.flows().removeRequiredActionConfig(ProviderIds.ADD_DEVICE);
        }
    }
}
