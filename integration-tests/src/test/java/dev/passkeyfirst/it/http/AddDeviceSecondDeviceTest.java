package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.http.PairingHttp.DeviceA;
import static dev.passkeyfirst.it.http.PairingHttp.code;
import static dev.passkeyfirst.it.http.PairingHttp.confirm;
import static dev.passkeyfirst.it.http.PairingHttp.join;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, finding 8 (DESIGN §4.3 step 3 "a second device opening the same link aborts the pairing
 * and alerts A", §5 *new* "A second device that opens a pairing link after the first has taken it
 * aborts the pairing and alerts device A, whatever the first device has done").
 *
 * <p>A link opened on two devices has leaked (a shared screen, a forwarded email, someone looking
 * over the shoulder at the QR code). Today the second device gets a 410 page once the first has
 * taken the link, and device A goes on showing the first device as if nothing happened; the existing
 * {@code AddDeviceHttpTest.aSecondDeviceOnTheSameLinkAbortsThePairing} asserts exactly that (410,
 * and the first device's code still approves). Here the second device behaves like a browser: it
 * opens the link (GET, which may only show a page: mail scanners must not end anything) and
 * confirms what it is shown (POST with the page's own cookie).
 */
class AddDeviceSecondDeviceTest extends ServerTest {

    private int users;

    private DeviceA deviceA() {
        return new DeviceA(realm, mailbox, "second" + (++users) + "@example.org");
    }

    /**
     * The second device, as a browser: opens the link and, if it is shown a form that confirms the
     * link, submits it with the cookie the page set. Returns {@code [page shown, answer to the
     * confirmation or null]}.
     */
    private WebClient.Page[] secondDeviceOpens(DeviceA a, WebClient intruder) {
        WebClient.Page shown = intruder.get(a.link());
        assertTrue(shown.status() < 500, "status " + shown.status() + "\n" + shown.body());
        // a GET only shows: opening (or a mail scanner's look) ends nothing yet
        assertFalse(a.status().contains("ABORTED"), "a GET alone must not end the pairing: " + a.status());
        String path = java.net.URI.create(a.link()).getPath();
        Element form = shown.doc().select("form").stream()
                .filter(f -> f.absUrl("action").contains(path)).findFirst().orElse(null);
        WebClient.Page answer = null;
        if (form != null) {
            Map<String, String> fields = new java.util.LinkedHashMap<>();
            for (Element input : form.select("input[name]")) fields.put(input.attr("name"), input.attr("value"));
            answer = intruder.post(form.absUrl("action"), fields);
        }
        return new WebClient.Page[]{shown, answer};
    }

    private void assertAbortedAndAlerted(DeviceA a, WebClient.Page[] intruder) {
        String shown = intruder[0].status() + " " + intruder[0].pageId() + " " + intruder[0].error();
        String answered = intruder[1] == null ? "nothing to confirm" : intruder[1].status() + " " + intruder[1].error();
        WebClient.Page aPage = a.refresh();
        Element ended = aPage.doc().getElementById("pkf-ended");
        assertTrue(ended != null && "ABORTED".equals(ended.attr("data-pkf-ending")),
                "device A must be told the pairing was aborted; the second device was shown [" + shown + "], its confirmation got ["
                        + answered + "], and A's page still shows view '"
                        + aPage.doc().select("#pkf-add-device").attr("data-pkf-view") + "'");
        assertTrue(ended.text().contains("opened on a second device"), "A is told why: " + ended.text());
        assertTrue(a.status().contains("ABORTED"), "A's status read: " + a.status());
        // the second device is told too, with a clear page and no 5xx
        assertNotNull(intruder[1], "the second device was shown nothing it could confirm: " + shown);
        assertTrue(intruder[1].status() >= 400 && intruder[1].status() < 500, answered);
        assertTrue(intruder[1].error() != null && !intruder[1].error().isBlank(), answered);
    }

    @Test
    void aSecondDeviceAfterTheFirstCreatedItsPasskeyAbortsThePairingAndAlertsA() {
        DeviceA a = deviceA();
        WebClient b = new WebClient();
        SoftAuthenticator bKey = new SoftAuthenticator();
        WebClient.Page created = confirm(b, a.link());
        WebClient.Page bPage = b.post(created.formAction("pkf-create-form"), HttpFlows.attestation(created, bKey, "device B"));
        String code = code(bPage);
        assertTrue(a.status().contains("CODE_READY"), a.status());

        WebClient.Page[] intruder = secondDeviceOpens(a, new WebClient());
        assertAbortedAndAlerted(a, intruder);

        // B's pending passkey is gone: its credential id is free again (a pending one is refused as "already registered")
        String probe = "probe" + (++users) + "@example.org";
        String probeId = realm.createUser(probe);
        WebClient.Page reused = HttpFlows.register(realm, mailbox, probeId, probe, bKey);
        assertTrue(reused.status() < 400 && !Pages.id(Pages.CREATE_PASSKEY).equals(reused.pageId()),
                "B's pending passkey must be discarded with the pairing: " + reused.error());
        // B is told, and A can no longer approve it with B's code
        WebClient.Page bNow = b.post(bPage.formAction("pkf-refresh-form"), Map.of("pkf.refresh", "1"));
        assertTrue(bNow.status() < 500, bNow.body());
        assertTrue(bNow.doc().getElementById("pkf-code") == null, "B no longer shows a code to type: " + bNow.body());
        WebClient.Page typed = a.client.post(a.page.doc().select("form[action*=login-actions]").first().absUrl("action"), Map.of("pkf.code", code));
        assertTrue(typed.status() < 500, typed.body());
        assertTrue(typed.doc().getElementById("pkf-approve") == null, "no approval after the abort: " + typed.body());
        assertEquals(1, a.passkeys(), "nothing was added");
    }

    @Test
    void aSecondDeviceAfterTheFirstOnlyConfirmedAbortsThePairingAndAlertsA() {
        DeviceA a = deviceA();
        WebClient b = new WebClient();
        WebClient.Page created = confirm(b, a.link());
        assertTrue(a.status().contains("OPENED"), a.status());

        WebClient.Page[] intruder = secondDeviceOpens(a, new WebClient());
        assertAbortedAndAlerted(a, intruder);

        // the first device can no longer create a passkey for the aborted pairing
        SoftAuthenticator late = new SoftAuthenticator();
        WebClient.Page bPage = b.post(created.formAction("pkf-create-form"), HttpFlows.attestation(created, late, "late"));
        assertTrue(bPage.status() < 500, bPage.body());
        assertTrue(bPage.doc().getElementById("pkf-code") == null, "no code for an aborted pairing: " + bPage.body());
        assertEquals(1, a.passkeys());
    }

    /** "Whatever the first device has done", and whoever the second device is signed in as. */
    @Test
    void aSecondDeviceSignedInToAnotherAccountAbortsThePairingToo() {
        DeviceA a = deviceA();
        WebClient b = new WebClient();
        confirm(b, a.link());
        assertTrue(a.status().contains("OPENED"), a.status());

        DeviceA other = deviceA();
        other.key.userHandle = HttpFlows.utf8(other.userId);
        WebClient intruder = new WebClient();
        assertTrue(HttpFlows.signedIn(HttpFlows.signIn(intruder, realm, other.key)));
        assertAbortedAndAlerted(a, secondDeviceOpens(a, intruder));
        assertEquals(1, a.passkeys());
    }

    @Test
    void aMailScannerLookingAfterTheFirstDeviceAbortsNothing() {
        // the other half of the rule: only a confirmation (POST) counts, never a look
        DeviceA a = deviceA();
        WebClient b = new WebClient();
        WebClient.Page created = confirm(b, a.link());
        WebClient.Page bPage = b.post(created.formAction("pkf-create-form"), HttpFlows.attestation(created, new SoftAuthenticator(), "device B"));
        String code = code(bPage);
        WebClient scanner = new WebClient("Mozilla/5.0 (compatible; SafeLinks)");
        assertTrue(scanner.head(a.link()).status() < 500);
        assertTrue(scanner.get(a.link()).status() < 500);
        a.refresh();
        WebClient.Page typed = a.client.post(a.page.formAction("pkf-code-form"), Map.of("pkf.code", code));
        assertNotNull(typed.doc().getElementById("pkf-approve"), "a look aborted the pairing: " + typed.body());
        JsonNode data = typed.data("pkf-data");
        Map<String, String> approval = a.key.get(data.get("rpId").asText(), HttpFlows.ORIGIN, data.get("challenge").asText());
        approval.put("pkf.mode", "approve");
        assertTrue(a.client.post(typed.formAction("pkf-assertion-form"), approval).body().contains("The new device was added"));
        assertEquals(2, a.passkeys());
    }
}
