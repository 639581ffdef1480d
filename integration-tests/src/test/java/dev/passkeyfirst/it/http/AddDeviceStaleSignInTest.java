package dev.passkeyfirst.it.http;

import static dev.passkeyfirst.it.http.PairingHttp.confirm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.it.http.PairingHttp.DeviceA;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.testsupport.WebClient;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * A pairing outlives the fresh sign-in that started it (the sign-in may be at most 10 s old here, the
 * link lives 10 minutes): device A must still be able to say no, and to see a second device's abort,
 * after its sign-in has aged. Only starting a pairing asks for a fresh sign-in.
 */
class AddDeviceStaleSignInTest extends ServerTest {

    private int users;

    @Override
    protected TestRealm createRealm() {
        return TestRealm.create(server, mailbox.smtpPort(), rep -> rep.getRequiredActions().stream()
                .filter(a -> a.getAlias().equals(ProviderIds.ADD_DEVICE))
                .forEach(a -> a.setConfig(Map.of("pkf.maxPasskeyAgeSeconds", "10"))));
    }

    private DeviceA deviceA() {
        return new DeviceA(realm, mailbox, "stale" + (++users) + "@example.org");
    }

    @Test
    void aSecondDevicesAbortReachesAAfterItsSignInAged() throws InterruptedException {
        DeviceA a = deviceA();
        confirm(new WebClient(), a.link());
        Thread.sleep(11_000);
        WebClient intruder = new WebClient();
        WebClient.Page shown = intruder.get(a.link());
        String path = java.net.URI.create(a.link()).getPath();
        Element form = shown.doc().select("form").stream().filter(f -> f.absUrl("action").contains(path)).findFirst().orElseThrow();
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (Element input : form.select("input[name]")) fields.put(input.attr("name"), input.attr("value"));
        assertEquals(409, intruder.post(form.absUrl("action"), fields).status());

        WebClient.Page aPage = a.refresh();
        Element ended = aPage.doc().getElementById("pkf-ended");
        assertTrue(ended != null && "ABORTED".equals(ended.attr("data-pkf-ending")), "A sees the abort: " + aPage.body());
    }

    @Test
    void aCanStillDenyAfterItsSignInAgedButNotStartAgain() throws InterruptedException {
        DeviceA a = deviceA();
        confirm(new WebClient(), a.link());
        Thread.sleep(11_000);
        a.refresh();
        WebClient.Page denied = a.client.post(a.page.formAction("pkf-refresh-form"), Map.of("pkf.deny", "1"));
        assertTrue(denied.status() < 500, denied.body());
        assertTrue(a.status().contains("DENIED"), "the pairing is denied: " + a.status());
        WebClient.Page again = a.client.post(denied.formAction("pkf-refresh-form"), Map.of("pkf.restart", "1"));
        assertTrue(again.doc().getElementById("pkf-link") == null, "no new link without a fresh sign-in: " + again.body());
    }
}
