package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.mailbox.Mailbox;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;

/**
 * Issue 16, finding 9 (DESIGN §5 *new*: "no live secret (pairing id, link id, code) is logged or put
 * in an event detail; log a hash"). Whoever reads the server log or the realm's events (operators,
 * a log pipeline, an admin with view-events) must not be able to use what they read: a pairing id is
 * the add-device link itself, a recovery or sign-in link id is the emailed link. Each test runs the
 * flow as users do, with the usual mistakes on the way (a refused approval, a look from another
 * browser, a post without the page's cookie) so that warning paths run too, then searches every
 * server log line written meanwhile and every event of the realm for the secret.
 */
class LiveSecretsNotLoggedTest extends ServerTest {

    private int users;

    /** The realm's events carry our details (DESIGN §4.7): this test relies on them being stored. */
    private List<EventRepresentation> events() {
        assertTrue(realm.resource.toRepresentation().isEventsEnabled(), "the demo realm stores events");
        return realm.resource.getEvents(null, null, null, null, null, null, 0, 100_000);
    }

    private void assertNowhere(String what, String secret, int logMark) {
        // let the server finish writing what the last request logged
        mailbox.await(m -> false, Duration.ofMillis(500));
        List<String> inLog = server.logLinesSince(logMark).stream().filter(l -> l.contains(secret)).toList();
        List<String> inEvents = new ArrayList<>();
        for (EventRepresentation e : events()) {
            if (e.getDetails() != null) {
                e.getDetails().forEach((k, v) -> {
                    if (v != null && v.contains(secret)) inEvents.add(e.getType() + " " + k + "=" + v);
                });
            }
            for (String field : new String[]{e.getSessionId(), e.getError(), e.getClientId(), e.getUserId()}) {
                if (field != null && field.contains(secret)) inEvents.add(e.getType() + " " + field);
            }
        }
        assertTrue(inLog.isEmpty() && inEvents.isEmpty(), "the live " + what + " " + secret + " was written where readers of logs and events see it:"
                + "\n log lines: " + String.join("\n   ", inLog) + "\n event details: " + String.join("\n   ", inEvents));
    }

    // ---- add-device pairing ids ----

    @Test
    void pairingIdsAreNeitherLoggedNorInEvents() {
        int logMark = server.logLineCount();
        String email = "pairlog" + (++users) + "@example.org";
        String userId = realm.createUser(email);
        SoftAuthenticator key = new SoftAuthenticator();
        assertTrue(HttpFlows.register(realm, mailbox, userId, email, key).status() < 400);
        WebClient a = new WebClient();
        WebClient.Page login = a.get(realm.authUrl("&kc_action=" + ProviderIds.ADD_DEVICE));
        WebClient.Page aPage = a.post(login.formAction("pkf-assertion-form"), key.get(HttpFlows.rpId(login), HttpFlows.ORIGIN, HttpFlows.challenge(login)));
        assertEquals(Pages.id(Pages.ADD_DEVICE), aPage.pageId(), aPage.body());
        String link = aPage.doc().getElementById("pkf-link").attr("value");
        Matcher m = Pattern.compile("/passkey-first/pair/([A-Za-z0-9_-]+)").matcher(link);
        assertTrue(m.find(), link);
        String pairingId = m.group(1);

        // a confirmation posted without the page's cookie (a cross-site form): refused, the pairing goes on
        assertTrue(new WebClient().post(link, Map.of("binding", "guess", "via", "qr")).status() < 500);
        // device B takes the link and creates its passkey
        WebClient b = new WebClient();
        WebClient.Page confirm = b.get(link);
        WebClient.Page created = b.post(confirm.formAction("pkf-pair-form"), Map.of(
                "binding", confirm.doc().selectFirst("input[name=binding]").attr("value"), "via", "qr"));
        assertEquals(Pages.id(Pages.PAIR_DEVICE), created.pageId(), created.body());
        WebClient.Page bPage = b.post(created.formAction("pkf-create-form"), HttpFlows.attestation(created, new SoftAuthenticator(), "device B"));
        Element code = bPage.doc().getElementById("pkf-code");
        assertTrue(code != null, bPage.body());
        // A types the code; the first approval uses the wrong passkey (refused), the second one works
        aPage = a.post(aPage.formAction("pkf-refresh-form"), Map.of("pkf.refresh", "1"));
        aPage = a.post(aPage.formAction("pkf-code-form"), Map.of("pkf.code", code.text().replace(" ", "")));
        JsonNode data = aPage.data("pkf-data");
        Map<String, String> wrong = new SoftAuthenticator().get(data.get("rpId").asText(), HttpFlows.ORIGIN, data.get("challenge").asText());
        wrong.put("pkf.mode", "approve");
        aPage = a.post(aPage.formAction("pkf-assertion-form"), wrong);
        assertTrue(aPage.error() != null, aPage.body());
        data = aPage.data("pkf-data");
        Map<String, String> approval = key.get(data.get("rpId").asText(), HttpFlows.ORIGIN, data.get("challenge").asText());
        approval.put("pkf.mode", "approve");
        WebClient.Page done = a.post(aPage.formAction("pkf-assertion-form"), approval);
        assertTrue(done.body().contains("The new device was added"), done.body());
        assertEquals(2, realm.resource.users().get(userId).credentials().size());

        assertNowhere("pairing id", pairingId, logMark);
    }

    // ---- recovery link ids ----

    @Test
    void recoveryLinkIdsAreNeitherLoggedNorInEvents() {
        int logMark = server.logLineCount();
        String email = "reclog" + (++users) + "@example.org";
        String userId = realm.createUser(email);
        assertTrue(HttpFlows.register(realm, mailbox, userId, email, new SoftAuthenticator()).status() < 400);
        mailbox.purge();
        WebClient user = new WebClient();
        WebClient.Page start = user.get(realm.authUrl());
        WebClient.Page identify = user.get(start.doc().getElementById("pkf-lost-device").absUrl("href"));
        user.post(identify.formAction("pkf-identify-form"), Map.of("identifier", email));
        Mailbox.Mail mail = mailbox.await(x -> x.to().contains(email) && x.subject().contains("Recover your"), Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no recovery email"));
        String link = mail.links().stream().filter(l -> l.contains("/passkey-first/recover/")).findFirst().orElseThrow();
        String linkId = link.replaceAll(".*/passkey-first/recover/([A-Za-z0-9_-]+).*", "$1");

        // a scanner looks, a cross-site post without the page's cookie is refused, then the owner uses it
        assertEquals(200, new WebClient("Mozilla/5.0 (compatible; LinkPreview)").get(link).status());
        assertEquals(400, new WebClient().post(link, Map.of("binding", "guess")).status());
        WebClient.Page confirm = user.get(link);
        WebClient.Page recover = user.post(confirm.formAction("pkf-link-form"),
                Map.of("binding", confirm.doc().selectFirst("input[name=binding]").attr("value")));
        assertEquals(Pages.id(Pages.RECOVER), recover.pageId(), recover.body());
        WebClient.Page made = user.post(recover.formAction("pkf-create-form"), HttpFlows.attestation(recover, new SoftAuthenticator(), "recovered"));
        assertTrue(made.status() < 500, made.body());

        assertNowhere("recovery link id", linkId, logMark);
    }

    // ---- sign-in link ids ----

    @Test
    void signInLinkIdsAreNeitherLoggedNorInEvents() {
        int logMark = server.logLineCount();
        // sign-in links go to accounts without a passkey (the demo's setting)
        String email = "linklog" + (++users) + "@example.org";
        realm.createUser(email);
        mailbox.purge();
        WebClient browser = new WebClient();
        WebClient.Page login = browser.get(realm.authUrl());
        WebClient.Page identify = browser.get(login.doc().getElementById("pkf-sign-in-link").absUrl("href"));
        browser.post(identify.formAction("pkf-identify-form"), Map.of("identifier", email));
        String link = mailbox.await(x -> x.to().contains(email) && x.subject().contains("Your sign-in link"), Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no sign-in link")).links().stream()
                .filter(l -> l.contains("/passkey-first/sign-in/")).findFirst().orElseThrow();
        String linkId = link.replaceAll(".*/passkey-first/sign-in/([A-Za-z0-9_-]+).*", "$1");

        // opened in another browser first (refused there), then used in the browser that asked
        WebClient.Page elsewhere = new WebClient().get(link);
        assertEquals(403, elsewhere.status(), elsewhere.body());
        assertEquals(400, new WebClient().post(link, Map.of("binding", "guess")).status());
        WebClient.Page confirm = browser.get(link);
        assertEquals(200, confirm.status(), confirm.body());
        WebClient.Page done = browser.post(confirm.formAction("pkf-link-form"),
                Map.of("binding", confirm.doc().selectFirst("input[name=binding]").attr("value")));
        assertTrue(HttpFlows.signedIn(done), "signed in by the link: " + done.status() + " " + done.location());
        assertFalse(link.isEmpty());

        assertNowhere("sign-in link id", linkId, logMark);
    }
}
