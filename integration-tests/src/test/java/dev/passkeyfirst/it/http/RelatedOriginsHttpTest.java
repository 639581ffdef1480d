package dev.passkeyfirst.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, item 1: related origins. The realm's passwordless policy's extra origins are listed in
 * the {@code /.well-known/webauthn} document the realm serves, and an assertion made on such a site
 * signs in; one from a site not listed does not.
 */
class RelatedOriginsHttpTest extends ServerTest {

    static final String SHOP = "https://shop.example.com";

    @Override
    protected TestRealm createRealm() {
        return TestRealm.create(server, mailbox.smtpPort(), rep -> rep.setWebAuthnPolicyPasswordlessExtraOrigins(List.of(SHOP)));
    }

    @Test
    void theDocumentListsTheRealmsOriginsAndAssertionsFromThemCount() throws Exception {
        WebClient client = new WebClient();
        String url = realm.baseUrl + "/realms/" + realm.name + "/" + ProviderIds.REALM_RESOURCE + "/" + ProviderIds.PART_RELATED_ORIGINS;
        WebClient.Page doc = client.get(url);
        assertEquals(200, doc.status(), doc.body());
        JsonNode origins = new ObjectMapper().readTree(doc.body()).get("origins");
        List<String> listed = new ArrayList<>();
        origins.forEach(o -> listed.add(o.asText()));
        assertTrue(listed.contains(SHOP), listed.toString());
        assertEquals(405, client.post(url, Map.of("origins", "https://evil.example")).status());

        String email = "related@example.org";
        SoftAuthenticator key = new SoftAuthenticator();
        assertTrue(HttpFlows.register(realm, mailbox, realm.createUser(email), email, key).status() < 400);
        WebClient shop = new WebClient();
        WebClient.Page login = shop.get(realm.authUrl());
        Map<String, String> fromShop = key.get(HttpFlows.rpId(login), SHOP, HttpFlows.challenge(login));
        assertTrue(HttpFlows.signedIn(shop.post(login.formAction("pkf-assertion-form"), fromShop)), "an assertion made on a related origin");

        WebClient elsewhere = new WebClient();
        WebClient.Page other = elsewhere.get(realm.authUrl());
        Map<String, String> fromOther = key.get(HttpFlows.rpId(other), "https://phish.example.net", HttpFlows.challenge(other));
        assertFalse(HttpFlows.signedIn(elsewhere.post(other.formAction("pkf-assertion-form"), fromOther)), "an origin not listed");
    }

    @Test
    void aListBeyondFiveLabelsIsFlaggedWhenTheAdministratorSavesIt() {
        int mark = server.logLineCount();
        org.keycloak.representations.idm.RealmRepresentation rep = realm.resource.toRepresentation();
        rep.setWebAuthnPolicyPasswordlessExtraOrigins(List.of(SHOP, "https://a.example.de", "https://b-one.com", "https://c-two.org",
                "https://d-three.net", "https://e-four.io", "https://f-five.co.uk"));
        realm.resource.update(rep);
        try {
            String warning = null;
            for (int i = 0; i < 50 && warning == null; i++) {
                warning = server.logLinesSince(mark).stream().filter(l -> l.contains("registrable domain labels among its related origins"))
                        .findFirst().orElse(null);
                if (warning == null) sleep(100);
            }
            assertTrue(warning != null && warning.contains(realm.name) && warning.contains("f-five"), "the save is flagged: " + warning);
            // a list within the limit saves without a word
            int again = server.logLineCount();
            rep.setWebAuthnPolicyPasswordlessExtraOrigins(List.of(SHOP, "https://shop.example.de"));
            realm.resource.update(rep);
            assertFalse(server.logLinesSince(again).stream().anyMatch(l -> l.contains("among its related origins")));
        } finally {
            rep.setWebAuthnPolicyPasswordlessExtraOrigins(List.of(SHOP));
            realm.resource.update(rep);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
