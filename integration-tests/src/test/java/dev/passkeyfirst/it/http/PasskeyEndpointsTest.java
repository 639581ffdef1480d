package dev.passkeyfirst.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Test;

/** Issue 21, item 2: the W3C Passkey Endpoints document, served by the realm for a proxy to put at the host's root. */
class PasskeyEndpointsTest extends ServerTest {

    @Test
    void theDocumentNamesWhereToCreateAndManagePasskeys() throws Exception {
        String url = realm.baseUrl + "/realms/" + realm.name + "/" + ProviderIds.REALM_RESOURCE + "/" + ProviderIds.PART_PASSKEY_ENDPOINTS;
        WebClient client = new WebClient();
        WebClient.Page page = client.get(url);
        assertEquals(200, page.status(), page.body());
        assertTrue(page.header("content-type").startsWith("application/json"), page.header("content-type"));
        JsonNode doc = new ObjectMapper().readTree(page.body());
        String signingIn = realm.accountUrl() + "/account-security/signing-in";
        assertEquals(signingIn, doc.get("enroll").asText());
        assertEquals(signingIn, doc.get("manage").asText());
        assertEquals(2, doc.size(), "nothing else in the document: " + doc);
        // it only shows
        assertEquals(405, client.post(url, Map.of("enroll", "https://evil.example")).status());
    }
}
