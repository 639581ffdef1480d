package dev.passkeyfirst.it.cluster;

import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.it.http.HttpFlows;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import dev.passkeyfirst.mailbox.Mailbox;
import org.jsoup.nodes.Element;

/**
 * The two-device flows over HTTP as the cluster tests drive them: every step names the node that
 * serves it, so a test states exactly which node did what (the single-node tests' helpers let the
 * server be implicit). Pages, cookies and WebAuthn origins are the public address's whichever node
 * answers; the origin in each signed client data is the page's, as a browser would put it.
 */
final class ClusterDevices {

    static final String PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

    private ClusterDevices() {
    }

    /** Device A of an add-device flow: an account with a software passkey, signed in with it on the add-device page. */
    static final class DeviceA {
        final TestRealm realm;
        final WebClient client = new WebClient(WebClient.CHROME);
        final SoftAuthenticator key = new SoftAuthenticator();
        final String email;
        final String userId;
        /** The last add-device page A was shown. */
        WebClient.Page page;

        /** Registers the account's passkey (through the balancer), then signs in and shows the QR code through {@code node}. */
        DeviceA(TestRealm realm, Mailbox mailbox, String email, ClusterNode node) {
            this.realm = realm;
            this.email = email;
            this.userId = realm.createUser(email);
            WebClient.Page registered = HttpFlows.register(realm, mailbox, userId, email, key);
            assertTrue(registered.status() < 400, registered.body());
            WebClient a = ClusterTest.via(client, node);
            WebClient.Page login = a.get(realm.authUrl("&kc_action=" + ProviderIds.ADD_DEVICE));
            page = a.post(login.formAction("pkf-assertion-form"), key.get(HttpFlows.rpId(login), login.origin(), HttpFlows.challenge(login)));
            assertEquals(Pages.id(Pages.ADD_DEVICE), page.pageId(), page.body());
            ClusterTest.assertServedBy(node, page);
        }

        /** The link the QR code holds, as shown beside it. */
        String link() {
            Element link = page.doc().getElementById("pkf-link");
            assertTrue(link != null && page.doc().selectFirst("#pkf-qr svg") != null, "QR code and link are shown: " + page.body());
            return link.attr("value");
        }

        /** What A's page polls for: the same page again, from {@code node}. */
        WebClient.Page refresh(ClusterNode node) {
            page = ClusterTest.via(client, node).post(page.formAction("pkf-refresh-form"), Map.of("pkf.refresh", "1"));
            return page;
        }

        /** "Email me the link", answered by {@code node}. */
        WebClient.Page emailLink(ClusterNode node) {
            page = ClusterTest.via(client, node).post(page.formAction("pkf-email-form"), Map.of("pkf.email", "1"));
            return page;
        }

        WebClient.Page typeCode(String code, ClusterNode node) {
            refresh(node);
            page = ClusterTest.via(client, node).post(page.formAction("pkf-code-form"), Map.of("pkf.code", code));
            return page;
        }

        /** The approval form for the challenge on A's current page (it binds the pairing, B's passkey and the code). */
        Map<String, String> approval() {
            JsonNode data = page.data("pkf-data");
            Map<String, String> form = key.get(data.get("rpId").asText(), page.origin(), data.get("challenge").asText());
            form.put("pkf.mode", "approve");
            return form;
        }

        WebClient.Page approve(ClusterNode node) {
            page = ClusterTest.via(client, node).post(page.formAction("pkf-assertion-form"), approval());
            return page;
        }

        int passkeys() {
            return realm.resource.users().get(userId).credentials().size();
        }
    }

    /**
     * Device B takes the link: the confirmation page, the confirming POST (Keycloak's action token
     * follows), the create page, the passkey. {@code b} is already routed to a node; returns B's page,
     * which shows the code on success.
     */
    static WebClient.Page join(WebClient b, String link, SoftAuthenticator key) {
        WebClient.Page confirm = b.get(link);
        assertEquals(Pages.id(Pages.PAIR_CONFIRM), confirm.pageId(), confirm.body());
        WebClient.Page created = b.post(confirm.formAction("pkf-pair-form"), Map.of(
                "binding", confirm.doc().selectFirst("input[name=binding]").attr("value"),
                "via", confirm.doc().selectFirst("input[name=via]").attr("value")));
        assertEquals(Pages.id(Pages.PAIR_DEVICE), created.pageId(), created.body());
        return b.post(created.formAction("pkf-create-form"), HttpFlows.attestation(created, key, "device B"));
    }

    /** The six digits B shows. */
    static String code(WebClient.Page bPage) {
        Element code = bPage.doc().getElementById("pkf-code");
        assertTrue(code != null, bPage.body());
        return code.text().replace(" ", "");
    }

    /** B's page learns of the approval the way its script does (posting its refresh form) and lands signed in. */
    static WebClient.Page landAfterApproval(WebClient b, WebClient.Page bPage) {
        WebClient.Page landed = b.post(bPage.formAction("pkf-refresh-form"), Map.of("pkf.refresh", "1"));
        return landed.status() == 302 ? b.get(landed.location()) : landed;
    }

    /** "Lost your device?" from the sign-in page, the whole request through {@code client} (routed by the caller). */
    static WebClient.Page askForRecovery(WebClient client, TestRealm realm, String identifier) {
        WebClient.Page login = client.get(realm.authUrl());
        WebClient.Page identify = client.get(login.doc().getElementById("pkf-lost-device").absUrl("href"));
        assertEquals(Pages.id(Pages.RECOVERY), identify.pageId(), identify.body());
        return client.post(identify.formAction("pkf-identify-form"), Map.of("identifier", identifier));
    }

    /** The recovery link in the newest recovery email to {@code email}. */
    static String recoveryLink(Mailbox mailbox, String email) {
        Mailbox.Mail mail = mailbox.await(m -> m.to().contains(email) && m.subject().contains("Recover your"), Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no recovery email for " + email));
        return mail.links().stream().filter(l -> l.contains("/passkey-first/recover/")).findFirst().orElseThrow();
    }

    /** The form that takes a recovery link from its confirmation page: the page's secret, also set as its cookie. */
    static Map<String, String> bindingOf(WebClient.Page confirm) {
        Element binding = confirm.doc().selectFirst("input[name=binding]");
        assertTrue(binding != null, confirm.status() + "\n" + confirm.body());
        return Map.of("binding", binding.attr("value"));
    }

    /** Mails to {@code email} whose subject contains {@code subject}, after giving late ones {@code settle} to arrive. */
    static long mails(Mailbox mailbox, String email, String subject, Duration settle) {
        mailbox.await(m -> false, settle);
        return mailbox.messages().stream().filter(m -> m.to().contains(email) && m.subject().contains(subject)).count();
    }
}
