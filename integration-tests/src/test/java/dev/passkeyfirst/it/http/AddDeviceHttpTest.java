package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passkeyfirst.it.harness.KeycloakServer;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.http.PairingHttp.DeviceA;
import static dev.passkeyfirst.it.http.PairingHttp.code;
import static dev.passkeyfirst.it.http.PairingHttp.confirm;
import static dev.passkeyfirst.it.http.PairingHttp.join;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import dev.passkeyfirst.testsupport.WebClient;
import dev.passkeyfirst.testsupport.SoftAuthenticator;

/** Adding a device, attacked over HTTP: each item of the "bad input" list, and 50 approvals at once. */
class AddDeviceHttpTest extends ServerTest {

    private int users;

    private DeviceA deviceA() {
        return new DeviceA(realm, mailbox, "pair" + (++users) + "@example.org");
    }

    @Test
    void theWholeCeremonyOverHttp() {
        DeviceA a = deviceA();
        WebClient b = new WebClient("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1");
        SoftAuthenticator bKey = new SoftAuthenticator();
        WebClient.Page bPage = join(b, a.link(), bKey);
        WebClient.Page approve = a.typeCode(code(bPage));
        assertTrue(approve.body().contains("Safari") && approve.body().contains("iOS"), "B is shown as what it is");
        WebClient.Page done = a.client.post(approve.formAction("pkf-assertion-form"), a.approval());
        assertTrue(done.body().contains("The new device was added"), done.body());
        assertEquals(2, a.passkeys());
        // B's page learns of the approval (its poll posts the refresh form) and B is signed in
        WebClient.Page landed = b.post(bPage.formAction("pkf-refresh-form"), Map.of("pkf.refresh", "1"));
        WebClient.Page landing = landed.status() == 302 ? b.get(landed.location()) : landed;
        assertEquals(Pages.id(Pages.DEVICE_ADDED), landing.pageId(), landing.body());
        // B's own passkey signs in
        bKey.userHandle = HttpFlows.utf8(a.userId);
        assertTrue(HttpFlows.signedIn(HttpFlows.signIn(new WebClient(), realm, bKey)));
    }

    /**
     * The session the pairing opens on device B is the new passkey's session: removing that passkey on
     * "Your passkeys" (the owner who did not mean to add B) signs B out, as for any passkey sign-in.
     */
    @Test
    void removingTheNewPasskeySignsOutTheSessionThePairingOpened() {
        DeviceA a = deviceA();
        String aCredential = realm.resource.users().get(a.userId).credentials().get(0).getId();
        WebClient b = new WebClient();
        SoftAuthenticator bKey = new SoftAuthenticator();
        WebClient.Page bPage = join(b, a.link(), bKey);
        WebClient.Page approve = a.typeCode(code(bPage));
        assertTrue(a.client.post(approve.formAction("pkf-assertion-form"), a.approval()).body().contains("The new device was added"));
        WebClient.Page landed = b.post(bPage.formAction("pkf-refresh-form"), Map.of("pkf.refresh", "1"));
        if (landed.status() == 302) b.get(landed.location());
        assertTrue(HttpFlows.signedIn(b.get(realm.authUrl())), "B is signed in by the pairing");

        String bCredential = realm.resource.users().get(a.userId).credentials().stream()
                .map(org.keycloak.representations.idm.CredentialRepresentation::getId)
                .filter(id -> !id.equals(aCredential)).findFirst().orElseThrow();
        WebClient owner = new WebClient();
        WebClient.Page login = owner.get(realm.authUrl("&kc_action=" + ProviderIds.PASSKEYS));
        a.key.userHandle = HttpFlows.utf8(a.userId);
        WebClient.Page passkeys = owner.post(login.formAction("pkf-assertion-form"),
                a.key.get(HttpFlows.rpId(login), HttpFlows.ORIGIN, HttpFlows.challenge(login)));
        assertEquals(Pages.id(Pages.PASSKEYS), passkeys.pageId(), passkeys.body());
        WebClient.Page confirm = owner.post(passkeys.doc().selectFirst("form[action*=login-actions]").absUrl("action"), Map.of("pkf.remove", bCredential));
        WebClient.Page removed = owner.post(confirm.doc().selectFirst("form[action*=login-actions]").absUrl("action"), Map.of("pkf.removeConfirmed", bCredential));
        assertTrue(removed.body().contains("The passkey was removed"), removed.body());
        assertEquals(1, a.passkeys());
        assertFalse(HttpFlows.signedIn(b.get(realm.authUrl())), "B's session ended with its passkey");
    }

    @Test
    void theApprovalShowsApproximatePlacesFromTheAdminsGeoIpDatabase() throws Exception {
        java.nio.file.Path db = dev.passkeyfirst.it.harness.GeoIpTestDatabase.write(
                java.nio.file.Path.of("target/geoip-test.mmdb").toAbsolutePath(),
                Map.of("127.0.0.0/8", new String[]{"Testville", "Testland"}));
        var config = new org.keycloak.representations.idm.RequiredActionConfigRepresentation();
        config.setConfig(Map.of("pkf.geoIpDatabase", db.toString()));
        realm.resource.flows().updateRequiredActionConfig(ProviderIds.ADD_DEVICE, config);
        try {
            DeviceA a = deviceA();
            WebClient.Page approve = a.typeCode(code(join(new WebClient(), a.link(), new SoftAuthenticator())));
            Element place = approve.doc().getElementById("pkf-other-place");
            assertTrue(place != null, "a place row: " + approve.body());
            assertEquals("Testville, Testland", place.text());
            assertTrue(approve.body().contains("Approximate place"));
        } finally {
            realm.resource.flows().removeRequiredActionConfig(ProviderIds.ADD_DEVICE);
        }
        // without a database there is no such row
        DeviceA a = deviceA();
        WebClient.Page approve = a.typeCode(code(join(new WebClient(), a.link(), new SoftAuthenticator())));
        assertTrue(approve.doc().getElementById("pkf-other-place") == null);
    }

    @Test
    void aMailScannerLooksFirstAndTheUserStillCompletes() {
        DeviceA a = deviceA();
        WebClient scanner = new WebClient("Mozilla/5.0 (compatible; SafeLinks)");
        assertEquals(200, scanner.head(a.link()).status());
        WebClient.Page preview = scanner.get(a.link());
        assertEquals(200, preview.status());
        assertEquals(Pages.id(Pages.PAIR_CONFIRM), preview.pageId());
        // the scanner only looked: the real device still takes the link and completes
        WebClient b = new WebClient();
        String code = code(join(b, a.link(), new SoftAuthenticator()));
        WebClient.Page approve = a.typeCode(code);
        assertTrue(a.client.post(approve.formAction("pkf-assertion-form"), a.approval()).body().contains("The new device was added"));
        assertEquals(2, a.passkeys());
    }

    @Test
    void lookingAtATakenLinkOrForgingItsConfirmationChangesNothing() {
        DeviceA a = deviceA();
        WebClient b = new WebClient();
        String code = code(join(b, a.link(), new SoftAuthenticator()));
        WebClient intruder = new WebClient();
        // a look (a scanner, a preview) changes nothing; only a second device's confirmation aborts
        // the pairing (AddDeviceSecondDeviceTest), as DESIGN §4.3 asks
        WebClient.Page confirm = intruder.get(a.link());
        assertEquals(200, confirm.status(), confirm.body());
        // even a forged confirmation of a link already taken stops the pairing
        WebClient.Page forced = intruder.postRaw(a.link(), "binding=x&via=qr");
        assertTrue(forced.status() >= 400 && forced.status() < 500, "status " + forced.status());
        WebClient.Page wrongBrowser = intruder.post(a.link(), Map.of("binding", "guess", "via", "qr"));
        assertTrue(wrongBrowser.status() >= 400 && wrongBrowser.status() < 500);
        // B's code is still good: a guess without the page's cookie does not count as a second device
        WebClient.Page approve = a.typeCode(code);
        assertTrue(approve.doc().getElementById("pkf-approve") != null, approve.body());
    }

    @Test
    void twoDevicesTakingTheLinkAtOnceAbortIt() {
        DeviceA a = deviceA();
        WebClient b1 = new WebClient();
        WebClient b2 = new WebClient();
        WebClient.Page c1 = b1.get(a.link());
        WebClient.Page c2 = b2.get(a.link());
        WebClient.Page r1 = b1.post(c1.formAction("pkf-pair-form"), Map.of("binding", c1.doc().selectFirst("input[name=binding]").attr("value"), "via", "qr"));
        WebClient.Page r2 = b2.post(c2.formAction("pkf-pair-form"), Map.of("binding", c2.doc().selectFirst("input[name=binding]").attr("value"), "via", "qr"));
        assertEquals(Pages.id(Pages.PAIR_DEVICE), r1.pageId());
        assertEquals(409, r2.status(), r2.body());
        assertTrue(r2.error().contains("already used on another device"), r2.error());
        WebClient.Page aPage = a.refresh();
        assertTrue(aPage.body().contains("opened on a second device"), aPage.body());
        // B1, which was first, is told too and cannot create a passkey for the aborted pairing
        WebClient.Page b1Create = b1.post(r1.formAction("pkf-create-form"), HttpFlows.attestation(r1, new SoftAuthenticator(), "late"));
        assertTrue(b1Create.status() < 500);
        assertEquals(1, a.passkeys());
    }

    @Test
    void forgedExpiredAndUnknownLinksShowAPageAndChangeNothing() {
        DeviceA a = deviceA();
        WebClient b = new WebClient();
        for (String bad : List.of("AAAAAAAAAAAAAAAAAAAAAA", "not-an-id", "%2e%2e%2f", "x".repeat(300))) {
            WebClient.Page p = b.get(KeycloakServer.URL + "/realms/" + realm.name + "/passkey-first/pair/" + bad);
            assertTrue(p.status() >= 400 && p.status() < 500, bad + " gave " + p.status());
        }
        // a tampered action token (B's step after confirming) is refused by Keycloak without a 500
        WebClient.Page confirm = b.get(a.link());
        WebClient.Page redirect = b.postNoFollow(confirm.formAction("pkf-pair-form"),
                Map.of("binding", confirm.doc().selectFirst("input[name=binding]").attr("value"), "via", "qr"));
        assertEquals(303, redirect.status());
        String token = redirect.location();
        String tampered = token.replaceFirst("(key=[^.]+\\.)([A-Za-z0-9_-])", "$1" + (token.contains("key=eyJhbGciOi") ? "Z" : "Y"));
        WebClient.Page refused = new WebClient().get(tampered.replaceFirst("\\.([A-Za-z0-9_-]{10})", ".AAAAAAAAAA"));
        assertTrue(refused.status() < 500, "status " + refused.status());
        assertEquals(1, a.passkeys());
    }

    @Test
    void aCodeFromAnotherPairingIsAWrongCode() {
        DeviceA first = deviceA();
        DeviceA second = deviceA();
        String firstCode = code(join(new WebClient(), first.link(), new SoftAuthenticator()));
        String secondCode = code(join(new WebClient(), second.link(), new SoftAuthenticator()));
        if (firstCode.equals(secondCode)) return; // one in a million: nothing to tell apart
        WebClient.Page aborted = second.typeCode(firstCode);
        assertTrue(aborted.body().contains("The code was wrong"), aborted.body());
        assertEquals(1, second.passkeys());
        // the first pairing is untouched by the other account's mistake
        WebClient.Page approve = first.typeCode(firstCode);
        assertTrue(first.client.post(approve.formAction("pkf-assertion-form"), first.approval()).body().contains("The new device was added"));
    }

    @Test
    void anApprovalCannotBeReplayedNorSignedByAnotherAccount() {
        DeviceA a = deviceA();
        DeviceA other = deviceA();
        String code = code(join(new WebClient(), a.link(), new SoftAuthenticator()));
        WebClient.Page approve = a.typeCode(code);
        // the other account's passkey signs A's challenge: not one of this account's passkeys
        JsonNode data = approve.data("pkf-data");
        Map<String, String> foreign = other.key.get(data.get("rpId").asText(), HttpFlows.ORIGIN, data.get("challenge").asText());
        WebClient.Page refused = a.client.post(approve.formAction("pkf-assertion-form"), foreign);
        assertTrue(refused.status() < 500 && refused.error() != null, refused.body());
        assertEquals(1, a.passkeys());
        a.page = refused;
        // a fresh challenge after a refusal; approve properly, then replay the very same approval
        Map<String, String> good = a.approval();
        String action = a.page.formAction("pkf-assertion-form");
        assertTrue(a.client.post(action, good).body().contains("The new device was added"));
        WebClient.Page replay = a.client.post(action, good);
        assertTrue(replay.status() < 500, replay.body());
        assertEquals(2, a.passkeys(), "the replay added nothing");
    }

    @Test
    void aDeviceSignedInAsSomeoneElseIsRefused() {
        DeviceA a = deviceA();
        DeviceA someoneElse = deviceA();
        // someoneElse's browser is signed in to its own account
        WebClient browser = new WebClient();
        someoneElse.key.userHandle = HttpFlows.utf8(someoneElse.userId);
        assertTrue(HttpFlows.signedIn(HttpFlows.signIn(browser, realm, someoneElse.key)));
        WebClient.Page page = browser.get(a.link());
        assertEquals(409, page.status());
        assertTrue(page.body().contains("signed in here with another account"), page.body());
        assertEquals(1, a.passkeys());
    }

    @Test
    void fiftyApprovalsAtOnceMakeOneCredential() throws Exception {
        DeviceA a = deviceA();
        String code = code(join(new WebClient(), a.link(), new SoftAuthenticator()));
        WebClient.Page approve = a.typeCode(code);
        Map<String, String> form = a.approval();
        String action = approve.formAction("pkf-assertion-form");
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<WebClient.Page>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            results.add(pool.submit(() -> {
                go.await();
                return a.client.postNoFollow(action, form);
            }));
        }
        go.countDown();
        int added = 0;
        for (Future<WebClient.Page> f : results) {
            WebClient.Page p = f.get();
            assertTrue(p.status() < 500, "status " + p.status());
            if (p.body().contains("The new device was added")) added++;
        }
        pool.shutdown();
        assertEquals(2, a.passkeys(), "exactly one credential");
        assertTrue(added >= 1, "the winner is told");
    }

    @Test
    void linkEmailsAreRateLimitedPerUser() {
        DeviceA a = deviceA();
        mailbox.purge();
        for (int i = 1; i <= 3; i++) {
            a.page = a.client.post(a.page.formAction("pkf-email-form"), Map.of("pkf.email", "1"));
            assertTrue(a.page.body().contains("The link was sent"), "email " + i + ": " + a.page.body());
        }
        a.page = a.client.post(a.page.formAction("pkf-email-form"), Map.of("pkf.email", "1"));
        assertTrue(a.page.error() != null && a.page.error().contains("Too many links"), a.page.body());
        assertTrue(mailbox.await(m -> false, java.time.Duration.ofSeconds(2)).isEmpty());
        assertEquals(3, mailbox.messages().stream().filter(m -> m.to().contains(a.email) && m.subject().contains("Add a device")).count());
    }

    @Test
    void theStatusNeverRevealsTheCode() {
        DeviceA a = deviceA();
        WebClient b = new WebClient();
        String code = code(join(b, a.link(), new SoftAuthenticator()));
        String tab = a.page.formAction("pkf-refresh-form").replaceAll(".*tab_id=([^&]+).*", "$1");
        WebClient.Page status = a.client.get(KeycloakServer.URL + "/realms/" + realm.name + "/passkey-first/pairing-status?tab_id=" + tab);
        assertEquals(200, status.status());
        assertTrue(status.body().contains("CODE_READY"), status.body());
        assertFalse(status.body().contains(code));
        assertFalse(a.refresh().body().contains(code), "A's page never shows B's code");
        WebClient.Page nobody = new WebClient().get(KeycloakServer.URL + "/realms/" + realm.name + "/passkey-first/pairing-status?tab_id=" + tab);
        assertTrue(nobody.body().contains("EXPIRED"), "another browser learns nothing: " + nobody.body());
    }
}
