package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, "settings that decide security but have no test": {@code frame-ancestors 'none'} on
 * approval pages (DESIGN §5: "pages that approve anything send frame-ancestors 'none'"). Keycloak's
 * own login pages allow framing by the same origin ({@code frame-ancestors 'self'}, X-Frame-Options
 * SAMEORIGIN); a page that approves a device, a recovery or a change must not be framed by anything,
 * or a page of any application on the same origin can overlay it and have the user click "Approve".
 * Every page of each ceremony, as a browser walks through it, is checked for both headers (old
 * browsers only know X-Frame-Options); each test lists every page that lacks them.
 */
class NoFramingHeadersTest extends ServerTest {

    private int users;

    private static List<String> all(WebClient.Page p, String name) {
        List<String> out = new ArrayList<>();
        p.headers().forEach((k, v) -> {
            if (k != null && k.equalsIgnoreCase(name)) out.addAll(v);
        });
        return out;
    }

    /** The sources of a policy's frame-ancestors directive, or null when it has none. */
    private static String frameAncestors(String policy) {
        for (String directive : policy.split(";")) {
            String d = directive.trim();
            if (d.toLowerCase().startsWith("frame-ancestors")) return d.substring("frame-ancestors".length()).trim();
        }
        return null;
    }

    /** Collects the pages of one ceremony that can be framed. */
    private static final class Check {
        final Map<String, String> framable = new LinkedHashMap<>();
        int pages;

        void page(String name, WebClient.Page p) {
            pages++;
            List<String> csp = all(p, "Content-Security-Policy");
            List<String> xfo = all(p, "X-Frame-Options");
            boolean cspNone = csp.stream().anyMatch(v -> "'none'".equals(frameAncestors(v)))
                    && csp.stream().map(NoFramingHeadersTest::frameAncestors).allMatch(a -> a == null || a.equals("'none'"));
            boolean xfoDeny = !xfo.isEmpty() && xfo.stream().allMatch(v -> v.trim().equalsIgnoreCase("DENY"));
            if (!cspNone || !xfoDeny) {
                framable.put(name + " [" + p.pageId() + ", " + p.status() + "]", "Content-Security-Policy " + csp + ", X-Frame-Options " + xfo);
            }
        }

        void assertNone(String ceremony) {
            StringBuilder b = new StringBuilder();
            framable.forEach((k, v) -> b.append("\n  ").append(k).append(": ").append(v));
            assertTrue(framable.isEmpty(), ceremony + ": " + framable.size() + " of " + pages
                    + " approval pages may be framed (need frame-ancestors 'none' and X-Frame-Options DENY):" + b);
        }
    }

    private record Account(String email, String userId, SoftAuthenticator key) {
    }

    private Account account() {
        String email = "frame" + (++users) + "@example.org";
        String id = realm.createUser(email);
        SoftAuthenticator key = new SoftAuthenticator();
        assertTrue(HttpFlows.register(realm, mailbox, id, email, key).status() < 400);
        key.userHandle = HttpFlows.utf8(id);
        return new Account(email, id, key);
    }

    @Test
    void everyPageOfAddingADeviceRefusesFraming() {
        Check check = new Check();
        Account acc = account();
        WebClient a = new WebClient();
        WebClient.Page login = a.get(realm.authUrl("&kc_action=" + ProviderIds.ADD_DEVICE));
        WebClient.Page aPage = a.post(login.formAction("pkf-assertion-form"), acc.key().get(HttpFlows.rpId(login), HttpFlows.ORIGIN, HttpFlows.challenge(login)));
        assertEquals(Pages.id(Pages.ADD_DEVICE), aPage.pageId(), aPage.body());
        check.page("device A: the QR code and link", aPage);
        String link = aPage.doc().getElementById("pkf-link").attr("value");

        WebClient b = new WebClient();
        WebClient.Page confirm = b.get(link);
        check.page("device B: confirm the pairing link", confirm);
        WebClient.Page created = b.post(confirm.formAction("pkf-pair-form"), Map.of(
                "binding", confirm.doc().selectFirst("input[name=binding]").attr("value"), "via", "qr"));
        assertEquals(Pages.id(Pages.PAIR_DEVICE), created.pageId(), created.body());
        check.page("device B: create its passkey", created);
        WebClient.Page bCode = b.post(created.formAction("pkf-create-form"), HttpFlows.attestation(created, new SoftAuthenticator(), "device B"));
        Element code = bCode.doc().getElementById("pkf-code");
        assertTrue(code != null, bCode.body());
        check.page("device B: the code to type on A", bCode);

        aPage = a.post(aPage.formAction("pkf-refresh-form"), Map.of("pkf.refresh", "1"));
        check.page("device A: type the code", aPage);
        aPage = a.post(aPage.formAction("pkf-code-form"), Map.of("pkf.code", code.text().replace(" ", "")));
        assertTrue(aPage.doc().getElementById("pkf-approve") != null, aPage.body());
        check.page("device A: approve, beside both devices", aPage);
        JsonNode data = aPage.data("pkf-data");
        Map<String, String> approval = acc.key().get(data.get("rpId").asText(), HttpFlows.ORIGIN, data.get("challenge").asText());
        approval.put("pkf.mode", "approve");
        WebClient.Page done = a.post(aPage.formAction("pkf-assertion-form"), approval);
        assertTrue(done.body().contains("The new device was added"), done.body());
        check.page("device A: added", done);

        // a link already taken, shown to another browser
        check.page("another browser: the used link", new WebClient().get(link));
        check.assertNone("adding a device");
    }

    @Test
    void everyPageOfARecoveryRefusesFraming() {
        Check check = new Check();
        Account acc = account();
        mailbox.purge();
        WebClient user = new WebClient();
        WebClient.Page login = user.get(realm.authUrl());
        WebClient.Page identify = user.get(login.doc().getElementById("pkf-lost-device").absUrl("href"));
        assertEquals(Pages.id(Pages.RECOVERY), identify.pageId(), identify.body());
        check.page("\"Lost your device?\"", identify);
        WebClient.Page sent = user.post(identify.formAction("pkf-identify-form"), Map.of("identifier", acc.email()));
        check.page("\"we sent a link\"", sent);
        WebClient.Page codePage = user.post(sent.doc().selectFirst("form").absUrl("action"), Map.of("pkf.useCode", "1"));
        assertTrue(codePage.doc().getElementById("pkf-code-form") != null, codePage.body());
        check.page("enter a recovery code", codePage);

        String link = mailbox.await(m -> m.to().contains(acc.email()) && m.subject().contains("Recover your"), Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no recovery email")).links().stream()
                .filter(l -> l.contains("/passkey-first/recover/")).findFirst().orElseThrow();
        WebClient other = new WebClient();
        WebClient.Page confirm = other.get(link);
        assertEquals(200, confirm.status(), confirm.body());
        check.page("the emailed recovery link: confirm", confirm);
        WebClient.Page recover = other.post(confirm.formAction("pkf-link-form"), Map.of("binding", confirm.doc().selectFirst("input[name=binding]").attr("value")));
        assertEquals(Pages.id(Pages.RECOVER), recover.pageId(), recover.body());
        check.page("recovery: create the new passkey", recover);
        WebClient.Page waiting = other.post(recover.formAction("pkf-create-form"), HttpFlows.attestation(recover, new SoftAuthenticator(), "recovered"));
        assertTrue(waiting.status() < 400, waiting.body());
        check.page("recovery: the new passkey waits", waiting);
        check.page("the used recovery link", new WebClient().get(link));

        // the owner's side: the notice's "this wasn't me" page, and a sign-in while the recovery waits
        String notMe = mailbox.await(m -> m.to().contains(acc.email()) && m.links().stream().anyMatch(l -> l.contains("/not-me/")), Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no recovery notice")).links().stream()
                .filter(l -> l.contains("/not-me/")).findFirst().orElseThrow();
        WebClient owner = new WebClient();
        WebClient.Page notMePage = owner.get(notMe);
        assertEquals(200, notMePage.status(), notMePage.body());
        check.page("\"this wasn't me\": confirm", notMePage);
        WebClient.Page pending = HttpFlows.signIn(new WebClient(), realm, acc.key());
        assertEquals(Pages.id(Pages.LOGIN_RECOVERY_PENDING), pending.pageId(), pending.status() + " " + pending.body());
        check.page("sign-in while a recovery waits: keep or cancel it", pending);
        WebClient.Page undone = owner.post(notMePage.formAction("pkf-not-me-form"), Map.of("binding", notMePage.doc().selectFirst("input[name=binding]").attr("value")));
        assertEquals(200, undone.status(), undone.body());
        check.page("\"this wasn't me\": done", undone);
        check.assertNone("recovery");
    }

    @Test
    void thePasskeysPageRefusesFraming() {
        Check check = new Check();
        Account acc = account();
        WebClient client = new WebClient();
        WebClient.Page login = client.get(realm.authUrl("&kc_action=" + ProviderIds.PASSKEYS));
        WebClient.Page page = client.post(login.formAction("pkf-assertion-form"), acc.key().get(HttpFlows.rpId(login), HttpFlows.ORIGIN, HttpFlows.challenge(login)));
        assertEquals(Pages.id(Pages.PASSKEYS), page.pageId(), page.body());
        check.page("your passkeys", page);
        check.assertNone("the passkeys page");
    }

    @Test
    void theSignInLinkPageRefusesFraming() {
        Check check = new Check();
        String email = "framelink" + (++users) + "@example.org";
        realm.createUser(email);
        mailbox.purge();
        WebClient browser = new WebClient();
        WebClient.Page login = browser.get(realm.authUrl());
        WebClient.Page identify = browser.get(login.doc().getElementById("pkf-sign-in-link").absUrl("href"));
        browser.post(identify.formAction("pkf-identify-form"), Map.of("identifier", email));
        String link = mailbox.await(m -> m.to().contains(email) && m.subject().contains("Your sign-in link"), Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no sign-in link")).links().stream()
                .filter(l -> l.contains("/passkey-first/sign-in/")).findFirst().orElseThrow();
        WebClient.Page confirm = browser.get(link);
        assertEquals(200, confirm.status(), confirm.body());
        check.page("the emailed sign-in link: confirm", confirm);
        check.page("the sign-in link in another browser", new WebClient().get(link));
        check.assertNone("the sign-in link");
    }
}
