package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passkeyfirst.it.harness.KeycloakServer;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.mailbox.Mailbox;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;

/** The ceremonies over plain HTTP, as the pages' own scripts would perform them. */
public final class HttpFlows {

    public static final String ORIGIN = KeycloakServer.URL;

    private HttpFlows() {
    }

    /** The create-passkey page reached through an admin's "execute actions" email, as a user with no passkey yet. */
    public static WebClient.Page createPage(WebClient client, TestRealm realm, Mailbox mailbox, String userId, String email) {
        mailbox.purge();
        realm.resource.users().get(userId).executeActionsEmail(List.of(ProviderIds.CREATE_PASSKEY));
        // a notice about an earlier passkey may still be on its way to the same address
        Mailbox.Mail mail = mailbox.await(m -> m.to().contains(email) && m.links().stream().anyMatch(l -> l.contains("action-token")),
                        Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no execute-actions email for " + email));
        String link = mail.links().stream().filter(l -> l.contains("action-token")).findFirst().orElseThrow();
        WebClient.Page page = client.get(link);
        if ("login-info".equals(page.pageId())) {
            // Keycloak's "perform the following actions" page links on to the actions
            String proceed = page.doc().select("a[href*=login-actions]").attr("href");
            page = client.get(proceed);
        }
        assertEquals(Pages.id(Pages.CREATE_PASSKEY), page.pageId(), page.body());
        return page;
    }

    /** The form a browser would post from the create page with this authenticator (origin: the page's, as in a browser). */
    public static Map<String, String> attestation(WebClient.Page createPage, SoftAuthenticator authenticator, String label) {
        JsonNode data = createPage.data("pkf-data");
        byte[] userId = Base64.getUrlDecoder().decode(data.get("user").get("id").asText());
        Map<String, String> form = authenticator.create(data.get("rp").get("id").asText(), createPage.origin(), data.get("challenge").asText(), userId);
        form.put("authenticatorLabel", label);
        return form;
    }

    /** Registers a passkey for the user; returns the page Keycloak answered with. */
    public static WebClient.Page register(TestRealm realm, Mailbox mailbox, String userId, String email, SoftAuthenticator authenticator) {
        WebClient client = new WebClient(WebClient.CHROME);
        WebClient.Page page = createPage(client, realm, mailbox, userId, email);
        return client.post(page.formAction("pkf-create-form"), attestation(page, authenticator, "soft " + email));
    }

    /** Registers a phone's passkey, as a phone reports it: transports hybrid and internal, made cross-platform. */
    public static WebClient.Page registerPhone(TestRealm realm, Mailbox mailbox, String userId, String email, SoftAuthenticator phone) {
        WebClient client = new WebClient(WebClient.CHROME);
        WebClient.Page page = createPage(client, realm, mailbox, userId, email);
        Map<String, String> form = attestation(page, phone, "Phone");
        form.put("transports", "hybrid,internal");
        form.put("authenticatorAttachment", "cross-platform");
        return client.post(page.formAction("pkf-create-form"), form);
    }

    /** Adds a passkey to an account that has one: a passkey sign-in with {@code signInWith}, then "create a passkey". */
    public static WebClient.Page addPasskey(TestRealm realm, SoftAuthenticator signInWith, SoftAuthenticator newKey, String label) {
        WebClient client = new WebClient();
        WebClient.Page login = client.get(realm.authUrl("&kc_action=" + ProviderIds.CREATE_PASSKEY));
        WebClient.Page page = client.post(login.formAction("pkf-assertion-form"),
                signInWith.get(rpId(login), ORIGIN, challenge(login)));
        assertEquals(Pages.id(Pages.CREATE_PASSKEY), page.pageId(), page.body());
        return client.post(page.formAction("pkf-create-form"), attestation(page, newKey, label));
    }

    public static String rpId(WebClient.Page page) {
        return page.data("pkf-data").get("rpId").asText();
    }

    public static String challenge(WebClient.Page page) {
        return page.data("pkf-data").get("challenge").asText();
    }

    /** Passkey-button sign-in: returns the response to the assertion POST, redirects not followed off Keycloak. */
    public static WebClient.Page signIn(WebClient client, TestRealm realm, SoftAuthenticator authenticator) {
        WebClient.Page login = client.get(realm.authUrl());
        assertEquals(Pages.id(Pages.LOGIN), login.pageId(), login.body());
        Map<String, String> form = authenticator.get(rpId(login), login.origin(), challenge(login));
        return client.post(login.formAction("pkf-assertion-form"), form);
    }

    public static boolean signedIn(WebClient.Page page) {
        return page.status() == 302 && page.location().startsWith(TestRealm.REDIRECT) && page.location().contains("code=");
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * "Email me a sign-in link" for {@code email} in {@code browser}, the link from the mailbox opened
     * and confirmed in the same browser; returns the page the confirmation ended on (a redirect to the
     * test app with a code when it worked).
     */
    public static WebClient.Page signInByLink(WebClient browser, TestRealm realm, Mailbox mailbox, String email) {
        mailbox.purge();
        WebClient.Page login = browser.get(realm.authUrl());
        WebClient.Page identify = browser.get(login.doc().getElementById("pkf-sign-in-link").absUrl("href"));
        browser.post(identify.formAction("pkf-identify-form"), Map.of("identifier", email));
        String link = mailbox.await(m -> m.to().contains(email) && m.subject().contains("Your sign-in link"), Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no sign-in link for " + email)).links().stream()
                .filter(l -> l.contains("/passkey-first/sign-in/")).findFirst().orElseThrow();
        WebClient.Page confirm = browser.get(link);
        assertEquals(200, confirm.status(), confirm.body());
        return browser.post(confirm.formAction("pkf-link-form"),
                Map.of("binding", confirm.doc().selectFirst("input[name=binding]").attr("value")));
    }

    /**
     * Posts one form {@code count} times at once, as a double-clicking user or an attacker would;
     * every answer must be a 303 (a winner) or a clear 410 page. Returns the number of winners.
     */
    public static int racePosts(WebClient client, String action, Map<String, String> form, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<WebClient.Page>> results = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return client.postNoFollow(action, form);
                }));
            }
            go.countDown();
            int won = 0;
            for (Future<WebClient.Page> f : results) {
                WebClient.Page p = f.get();
                assertTrue(p.status() < 500, "status " + p.status());
                if (p.status() == 303) won++;
                else assertEquals(410, p.status(), p.body());
            }
            return won;
        } finally {
            pool.shutdown();
        }
    }
}
