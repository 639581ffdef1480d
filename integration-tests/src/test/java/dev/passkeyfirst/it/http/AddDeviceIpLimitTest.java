package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Test;

/**
 * "Email me the link" limited per address: two accounts asking from one address share the
 * realm's per-address limit, on top of each account's own.
 */
class AddDeviceIpLimitTest extends ServerTest {

    private static final int PER_IP = 4;

    @Override
    protected TestRealm createRealm() {
        return TestRealm.create(server, mailbox.smtpPort(), rep -> rep.getRequiredActions().stream()
                .filter(a -> a.getAlias().equals(ProviderIds.ADD_DEVICE)).forEach(a -> {
                    Map<String, String> config = new HashMap<>(a.getConfig() == null ? Map.of() : a.getConfig());
                    config.put("pkf.emailsPerIp", String.valueOf(PER_IP));
                    a.setConfig(config);
                }));
    }

    @Test
    void twoAccountsFromOneAddressShareItsLimit() {
        WebClient.Page first = addDevicePage("ip-limit-1@example.org");
        for (int i = 1; i <= 3; i++) {
            first = emailMeTheLink(first);
            assertTrue(first.body().contains("The link was sent"), "email " + i + ": " + first.body());
        }
        assertEquals(3, linkEmailsTo("ip-limit-1@example.org", 3));
        WebClient.Page second = addDevicePage("ip-limit-2@example.org");
        second = emailMeTheLink(second);
        assertTrue(second.body().contains("The link was sent"), second.body());
        // the second account has sent one of its own three: only the address's limit stops it
        second = emailMeTheLink(second);
        assertTrue(second.error() != null && second.error().contains("Too many links"), second.body());
        assertEquals(PER_IP - 3, linkEmailsTo("ip-limit-2@example.org", PER_IP - 3 + 1));
    }

    private WebClient client;

    /** A user with a software passkey, signed in with it on the add-device page. */
    private WebClient.Page addDevicePage(String email) {
        String userId = realm.createUser(email);
        SoftAuthenticator key = new SoftAuthenticator();
        assertTrue(HttpFlows.register(realm, mailbox, userId, email, key).status() < 400);
        client = new WebClient();
        WebClient.Page login = client.get(realm.authUrl("&kc_action=" + ProviderIds.ADD_DEVICE));
        WebClient.Page page = client.post(login.formAction("pkf-assertion-form"),
                key.get(HttpFlows.rpId(login), HttpFlows.ORIGIN, HttpFlows.challenge(login)));
        assertEquals(Pages.id(Pages.ADD_DEVICE), page.pageId(), page.body());
        return page;
    }

    /** Link emails to the address once {@code expected} arrived or a few quiet seconds passed (they go out after commit). */
    private long linkEmailsTo(String email, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long count;
        do {
            mailbox.await(m -> false, Duration.ofMillis(250));
            count = mailbox.messages().stream().filter(m -> m.to().contains(email) && m.subject().contains("Add a device")).count();
        } while (count < expected && System.nanoTime() < deadline);
        return count;
    }

    private WebClient.Page emailMeTheLink(WebClient.Page page) {
        return client.post(page.formAction("pkf-email-form"), Map.of("pkf.email", "1"));
    }
}
