package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import org.junit.jupiter.api.Test;
import dev.passkeyfirst.testsupport.WebClient;
import dev.passkeyfirst.testsupport.SoftAuthenticator;

/** A link lives no longer than its lifetime: afterwards it shows a page and adds nothing, and A can start again. */
class AddDeviceExpiryTest extends ServerTest {

    @Override
    protected TestRealm createRealm() {
        return TestRealm.create(server, mailbox.smtpPort(), rep -> rep.getRequiredActions().stream()
                .filter(a -> a.getAlias().equals(ProviderIds.ADD_DEVICE))
                .forEach(a -> a.setConfig(Map.of("pkf.linkLifetimeSeconds", "10"))));
    }

    @Test
    void anExpiredLinkIsRefusedAndAStartsAgain() throws InterruptedException {
        String email = "expiry@example.org";
        String userId = realm.createUser(email);
        SoftAuthenticator key = new SoftAuthenticator();
        assertTrue(HttpFlows.register(realm, mailbox, userId, email, key).status() < 400);
        WebClient a = new WebClient();
        WebClient.Page login = a.get(realm.authUrl("&kc_action=" + ProviderIds.ADD_DEVICE));
        WebClient.Page page = a.post(login.formAction("pkf-assertion-form"), key.get(HttpFlows.rpId(login), HttpFlows.ORIGIN, HttpFlows.challenge(login)));
        String link = page.doc().getElementById("pkf-link").attr("value");
        WebClient b = new WebClient();
        WebClient.Page confirm = b.get(link);
        assertEquals(200, confirm.status());
        Thread.sleep(11_000);
        WebClient.Page late = b.post(confirm.formAction("pkf-pair-form"),
                Map.of("binding", confirm.doc().selectFirst("input[name=binding]").attr("value"), "via", "qr"));
        assertEquals(410, late.status(), late.body());
        assertEquals(410, b.get(link).status());
        WebClient.Page aPage = a.post(page.formAction("pkf-refresh-form"), Map.of("pkf.refresh", "1"));
        assertTrue(aPage.body().contains("This request expired"), aPage.body());
        WebClient.Page again = a.post(aPage.formAction("pkf-refresh-form"), Map.of("pkf.restart", "1"));
        assertTrue(again.doc().getElementById("pkf-link") != null, "a new link: " + again.body());
        assertEquals(1, realm.resource.users().get(userId).credentials().size());
    }
}
