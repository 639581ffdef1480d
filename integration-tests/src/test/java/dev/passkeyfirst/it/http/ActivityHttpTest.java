package dev.passkeyfirst.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, item 2: the account history. A passkey's creation and each sign-in are written with the
 * passkey's name, the browser and the place; a refused sign-in writes nothing; the passkeys page and
 * the admin API show the lines newest first.
 */
class ActivityHttpTest extends ServerTest {

    private JsonNode activity(String userId) throws Exception {
        String token = server.admin().tokenManager().getAccessTokenString();
        String url = realm.baseUrl + "/admin/realms/" + realm.name + "/" + ProviderIds.REALM_RESOURCE + "/users/" + userId;
        return OidcHttp.JSON.readTree(OidcHttp.bearer("GET", url, token, null).body()).get("activity");
    }

    @Test
    void aPasskeyAndItsSignInsAreWrittenAndARefusalIsNot() throws Exception {
        String email = "activity@example.org";
        String id = realm.createUser(email);
        SoftAuthenticator key = new SoftAuthenticator();
        assertTrue(HttpFlows.register(realm, mailbox, id, email, key).status() < 400);
        WebClient browser = new WebClient();
        assertTrue(HttpFlows.signedIn(HttpFlows.signIn(browser, realm, key)));
        // an assertion for a challenge this page never gave: refused, and no line
        WebClient other = new WebClient();
        WebClient.Page page = other.get(realm.authUrl());
        assertFalse(HttpFlows.signedIn(other.post(page.formAction("pkf-assertion-form"),
                key.get(HttpFlows.rpId(page), page.origin(), "AAAAAAAAAAAAAAAAAAAAAA"))));

        JsonNode lines = activity(id);
        assertEquals(2, lines.size(), lines.toString());
        JsonNode signIn = lines.get(0);
        assertEquals("passkey_sign_in", signIn.get("kind").asText(), "newest first: " + lines);
        assertEquals("passkey_device_bound", signIn.get("method").asText());
        assertFalse(signIn.path("label").asText().isEmpty(), "the passkey's name: " + signIn);
        assertEquals("127.0.0.0/24", signIn.get("place").asText());
        assertEquals("passkey_added", lines.get(1).get("kind").asText());

        // the owner sees the same on the passkeys page
        WebClient owner = new WebClient();
        WebClient.Page login = owner.get(realm.authUrl("&kc_action=" + ProviderIds.PASSKEYS));
        WebClient.Page passkeys = owner.post(login.formAction("pkf-assertion-form"),
                key.get(HttpFlows.rpId(login), HttpFlows.ORIGIN, HttpFlows.challenge(login)));
        String section = passkeys.doc().getElementById("pkf-activity").text();
        assertTrue(section.contains("Signed in with a passkey") && section.contains("Passkey added") && section.contains("127.0.0.0/24"), section);
        // the sign-in that opened the page is written when it completes, after the page
        assertEquals(2, passkeys.doc().select("#pkf-activity li").size(), section);
    }
}
