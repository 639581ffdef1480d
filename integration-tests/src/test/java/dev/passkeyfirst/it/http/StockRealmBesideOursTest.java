package dev.passkeyfirst.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.passkeyfirst.it.harness.KeycloakServer;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.mailbox.Mailbox;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Installing the jars changes nothing in a realm that has not chosen the pack (issue 17): on one
 * server, a realm with Keycloak's defaults registers passkeys through Keycloak's own page and
 * ceremony under {@code webauthn-register-passwordless}, while the demo realm gets ours under the
 * same id.
 */
class StockRealmBesideOursTest extends ServerTest {

    private static final Pattern JS_STRING = Pattern.compile("(challenge|userid) : \"([^\"]+)\"");

    @Test
    void aRealmWithoutOurFlowsKeepsKeycloaksOwnPasskeyRegistration() {
        String name = "stock-" + System.nanoTime() % 1_000_000;
        RealmRepresentation rep = new RealmRepresentation();
        rep.setRealm(name);
        rep.setEnabled(true);
        rep.setSmtpServer(Map.of("host", "127.0.0.1", "port", Integer.toString(mailbox.smtpPort()), "from", "stock@example.org"));
        server.admin().realms().create(rep);
        RealmResource stock = server.admin().realm(name);
        try {
            String email = "stock@example.org";
            UserRepresentation u = new UserRepresentation();
            u.setUsername(email);
            u.setEmail(email);
            u.setEmailVerified(true);
            u.setFirstName("Stock");
            u.setLastName("User");
            u.setEnabled(true);
            String userId;
            try (var r = stock.users().create(u)) {
                String location = r.getLocation().toString();
                userId = location.substring(location.lastIndexOf('/') + 1);
            }
            WebClient client = new WebClient(WebClient.CHROME);
            WebClient.Page page = actionPage(stock, client, userId, email);
            assertEquals("login-webauthn-register", page.pageId(), "Keycloak's own page, not ours: " + page.body());

            Map<String, String> values = new java.util.HashMap<>();
            Matcher m = JS_STRING.matcher(page.body());
            while (m.find()) values.put(m.group(1), m.group(2));
            assertNotNull(values.get("challenge"), page.body());
            SoftAuthenticator key = new SoftAuthenticator();
            Map<String, String> form = key.create("localhost", KeycloakServer.URL, values.get("challenge"),
                    Base64.getUrlDecoder().decode(values.get("userid")));
            form.put("authenticatorLabel", "stock key");
            WebClient.Page done = client.post(page.formAction("register"), form);
            assertTrue(done.status() < 400, done.status() + " " + done.body());
            assertEquals(List.of("webauthn-passwordless"),
                    stock.users().get(userId).credentials().stream().map(c -> c.getType()).toList(),
                    "Keycloak's ceremony stored the passkey");
        } finally {
            stock.remove();
        }

        // the same id in a realm that chose the pack: our page
        String email = "ours@example.org";
        String userId = realm.createUser(email);
        WebClient.Page ours = actionPage(realm.resource, new WebClient(WebClient.CHROME), userId, email);
        assertEquals(Pages.id(Pages.CREATE_PASSKEY), ours.pageId(), ours.body());
    }

    /** The page an admin's "execute actions" email opens for {@code webauthn-register-passwordless}. */
    private WebClient.Page actionPage(RealmResource realmResource, WebClient client, String userId, String email) {
        mailbox.purge();
        realmResource.users().get(userId).executeActionsEmail(List.of(ProviderIds.STOCK_PASSKEY_REGISTER));
        Mailbox.Mail mail = mailbox.await(mm -> mm.to().contains(email), Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no execute-actions email for " + email));
        String link = mail.links().stream().filter(l -> l.contains("action-token")).findFirst().orElseThrow();
        WebClient.Page page = client.get(link);
        if ("login-info".equals(page.pageId())) page = client.get(page.doc().select("a[href*=login-actions]").attr("href"));
        return page;
    }
}
