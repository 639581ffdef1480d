package dev.passkeyfirst.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passkeyfirst.it.harness.KeycloakServer;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.mailbox.Mailbox;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.jsoup.nodes.Element;

/** The two devices of "add a device", over plain HTTP, as their pages' scripts would act. */
final class PairingHttp {

    private PairingHttp() {
    }

    /** Device A: a user with a software passkey, signed in with it, on the add-device page. */
    static final class DeviceA {
        final TestRealm realm;
        final WebClient client = new WebClient();
        final SoftAuthenticator key = new SoftAuthenticator();
        final String email;
        final String userId;
        WebClient.Page page;

        DeviceA(TestRealm realm, Mailbox mailbox, String email) {
            this.realm = realm;
            this.email = email;
            this.userId = realm.createUser(email);
            assertTrue(HttpFlows.register(realm, mailbox, userId, email, key).status() < 400);
            WebClient.Page login = client.get(realm.authUrl("&kc_action=" + ProviderIds.ADD_DEVICE));
            page = client.post(login.formAction("pkf-assertion-form"), key.get(HttpFlows.rpId(login), HttpFlows.ORIGIN, HttpFlows.challenge(login)));
            assertEquals(Pages.id(Pages.ADD_DEVICE), page.pageId(), page.body());
        }

        String link() {
            return page.doc().getElementById("pkf-link").attr("value");
        }

        String tab() {
            return page.formAction("pkf-refresh-form").replaceAll(".*tab_id=([^&]+).*", "$1");
        }

        WebClient.Page refresh() {
            page = client.post(page.formAction("pkf-refresh-form"), Map.of("pkf.refresh", "1"));
            return page;
        }

        WebClient.Page typeCode(String code) {
            refresh();
            page = client.post(page.formAction("pkf-code-form"), Map.of("pkf.code", code));
            return page;
        }

        /** A's assertion over the approval challenge its page shows. */
        Map<String, String> approval() {
            JsonNode data = page.data("pkf-data");
            Map<String, String> form = key.get(data.get("rpId").asText(), HttpFlows.ORIGIN, data.get("challenge").asText());
            form.put("pkf.mode", "approve");
            return form;
        }

        /** What A's own page polls: the pairing's state, bound to A's browser and tab. */
        String status() {
            WebClient.Page s = client.get(KeycloakServer.URL + "/realms/" + realm.name + "/passkey-first/pairing-status?tab_id=" + tab());
            assertEquals(200, s.status(), s.body());
            return s.body();
        }

        int passkeys() {
            return realm.resource.users().get(userId).credentials().size();
        }
    }

    /** Device B takes the link: the confirmation page, then its POST; returns the page where B creates its passkey. */
    static WebClient.Page confirm(WebClient b, String link) {
        WebClient.Page confirm = b.get(link);
        assertEquals(Pages.id(Pages.PAIR_CONFIRM), confirm.pageId(), confirm.body());
        WebClient.Page created = b.post(confirm.formAction("pkf-pair-form"), Map.of(
                "binding", confirm.doc().selectFirst("input[name=binding]").attr("value"), "via", "qr"));
        assertEquals(Pages.id(Pages.PAIR_DEVICE), created.pageId(), created.body());
        return created;
    }

    /** Device B takes the link and creates its passkey; returns B's page (the code page on success). */
    static WebClient.Page join(WebClient b, String link, SoftAuthenticator key) {
        WebClient.Page created = confirm(b, link);
        return b.post(created.formAction("pkf-create-form"), HttpFlows.attestation(created, key, "device B"));
    }

    /** The code B shows, to be typed on A. */
    static String code(WebClient.Page bPage) {
        Element code = bPage.doc().getElementById("pkf-code");
        assertNotNull(code, bPage.body());
        return code.text().replace(" ", "");
    }
}
