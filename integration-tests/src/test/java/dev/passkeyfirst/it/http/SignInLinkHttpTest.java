package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passkeyfirst.it.harness.KeycloakServer;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.Tokens;
import dev.passkeyfirst.mailbox.Mailbox;
import org.junit.jupiter.api.Test;
import dev.passkeyfirst.testsupport.WebClient;
import dev.passkeyfirst.testsupport.SoftAuthenticator;

/**
 * The email sign-in link ("magic link") over HTTP: it works once, only in the browser that asked,
 * only for accounts without a passkey (the demo's setting), and what it signs in is a level-1
 * fallback session that the account API and application-initiated actions refuse to let change
 * anything.
 */
class SignInLinkHttpTest extends ServerTest {

    private int users;

    private String newUser() {
        String email = "link" + (++users) + "@example.org";
        realm.createUser(email);
        return email;
    }

    /** "Email me a sign-in link" from the sign-in page; returns the page answering the request. */
    private WebClient.Page ask(WebClient browser, String identifier) {
        WebClient.Page login = browser.get(realm.authUrl());
        assertEquals(Pages.id(Pages.LOGIN), login.pageId(), login.body());
        WebClient.Page identify = browser.get(login.doc().getElementById("pkf-sign-in-link").absUrl("href"));
        assertEquals(Pages.id(Pages.RECOVERY), identify.pageId(), identify.body());
        assertTrue(identify.body().contains("Sign in with an email link"), identify.body());
        return browser.post(identify.formAction("pkf-identify-form"), Map.of("identifier", identifier));
    }

    private Optional<String> linkFor(String email, Duration wait) {
        return mailbox.await(m -> m.to().contains(email) && m.subject().contains("Your sign-in link"), wait)
                .map(m -> m.links().stream().filter(l -> l.contains("/passkey-first/sign-in/")).findFirst().orElseThrow());
    }

    private static Map<String, String> binding(WebClient.Page confirm) {
        return Map.of("binding", confirm.doc().selectFirst("input[name=binding]").attr("value"));
    }

    /** Signs in with a fresh link in {@code browser}; returns the page the link's POST ended on. */
    private WebClient.Page signInByLink(WebClient browser, String email) {
        mailbox.purge();
        ask(browser, email);
        String link = linkFor(email, Duration.ofSeconds(20)).orElseThrow(() -> new AssertionError("no sign-in link for " + email));
        WebClient.Page confirm = browser.get(link);
        assertEquals(200, confirm.status(), confirm.body());
        return browser.post(confirm.formAction("pkf-link-form"), binding(confirm));
    }

    @Test
    void theLinkSignsInOnceOnlyInTheBrowserThatAskedAtLevelOne() {
        String email = newUser();
        WebClient asking = new WebClient();
        mailbox.purge();
        WebClient.Page sent = ask(asking, email);
        assertTrue(sent.body().contains("If " + email + " can sign in with an email link"), sent.body());
        assertNull(sent.doc().getElementById("pkf-use-code"), "no recovery code in a sign-in by link");
        String link = linkFor(email, Duration.ofSeconds(20)).orElseThrow();

        // a mail scanner (HEAD, cookieless GET) and another browser with a sign-in of its own: told where to open it, nothing used
        WebClient scanner = new WebClient("Mozilla/5.0 (compatible; LinkPreview)");
        assertEquals(403, scanner.head(link).status());
        WebClient.Page elsewhere = scanner.get(link);
        assertEquals(403, elsewhere.status());
        assertTrue(elsewhere.body().contains("works only in the browser where it was asked for"), elsewhere.body());
        WebClient other = new WebClient();
        other.get(realm.authUrl());
        assertEquals(403, other.get(link).status());
        assertEquals(400, other.post(link, Map.of("binding", "guessed")).status(), "no page cookie, no use");

        // the browser that asked: a page, then one POST signs in
        WebClient.Page confirm = asking.get(link);
        assertEquals(200, confirm.status());
        assertTrue(confirm.body().contains(email), "names the account");
        WebClient.Page done = asking.post(confirm.formAction("pkf-link-form"), binding(confirm));
        assertTrue(HttpFlows.signedIn(done), done.status() + " " + done.location() + "\n" + done.body());
        JsonNode tokens = Tokens.response(realm, done.location(), realm.baseUrl);
        JsonNode id = Tokens.claims(tokens.get("id_token").asText());
        assertEquals("1", id.get("acr").asText(), "an email link is level 1, never a passkey's level");
        JsonNode access = Tokens.claims(tokens.get("access_token").asText());
        assertFalse(accountRoles(access).contains("manage-account"), "a fallback session's token cannot change the account: " + access);
        assertTrue(accountRoles(access).contains("view-profile"), "but it can read it: " + access);

        // used: every later look and use says so
        assertEquals(410, asking.get(link).status());
        assertEquals(410, asking.post(confirm.formAction("pkf-link-form"), binding(confirm)).status());
    }

    @Test
    void accountsWithAPasskeyAndUnknownOnesGetTheSameAnswerAndNoLink() {
        String withPasskey = newUser();
        String id = realm.user(withPasskey).getId();
        assertTrue(HttpFlows.register(realm, mailbox, id, withPasskey, new SoftAuthenticator()).status() < 400);
        String unknown = "nobody-" + users + "@example.org";
        mailbox.purge();
        String a = ask(new WebClient(), withPasskey).doc().getElementById("pkf-sent").text().replace(withPasskey, "X");
        String b = ask(new WebClient(), unknown).doc().getElementById("pkf-sent").text().replace(unknown, "X");
        assertEquals(a, b, "the same words for both");
        assertTrue(linkFor(withPasskey, Duration.ofSeconds(4)).isEmpty(), "a mailbox alone is no way into an account with a passkey");
        assertTrue(mailbox.messages().stream().noneMatch(m -> m.to().contains(unknown)));
    }

    /** Two tabs may each wait for a link of their own; within one sign-in, only the latest link counts. */
    @Test
    void askingAgainOrStartingOverLeavesTheEarlierLinkUseless() {
        String email = newUser();
        WebClient browser = new WebClient();
        mailbox.purge();
        WebClient.Page sent = ask(browser, email);
        String first = linkFor(email, Duration.ofSeconds(20)).orElseThrow();
        // "Start over" on the same page, then ask again: this sign-in now waits for the second link only
        WebClient.Page identify = browser.post(sent.doc().selectFirst("form").absUrl("action"), Map.of("pkf.restart", "1"));
        mailbox.purge();
        browser.post(identify.formAction("pkf-identify-form"), Map.of("identifier", email));
        String second = linkFor(email, Duration.ofSeconds(20)).orElseThrow();
        assertEquals(410, browser.get(first).status(), "the earlier link waits for nothing any more");
        WebClient.Page confirm = browser.get(second);
        assertTrue(HttpFlows.signedIn(browser.post(confirm.formAction("pkf-link-form"), binding(confirm))));
    }

    @Test
    void fiftyUsesOfOneLinkAtOnceSignInOnce() throws Exception {
        String email = newUser();
        WebClient browser = new WebClient();
        mailbox.purge();
        ask(browser, email);
        String link = linkFor(email, Duration.ofSeconds(20)).orElseThrow();
        WebClient.Page confirm = browser.get(link);
        Map<String, String> form = binding(confirm);
        assertEquals(1, HttpFlows.racePosts(browser, confirm.formAction("pkf-link-form"), form, 50));
    }

    @Test
    void aFallbackSessionReadsTheAccountButChangesNothing() throws Exception {
        String email = newUser();
        WebClient browser = new WebClient();
        WebClient.Page done = signInByLink(browser, email);
        assertTrue(HttpFlows.signedIn(done));
        String token = Tokens.response(realm, done.location(), realm.baseUrl).get("access_token").asText();
        String userId = realm.user(email).getId();

        HttpResponse<String> me = account(token, "GET", "/", null);
        assertEquals(200, me.statusCode(), me.body());
        String changed = me.body().replace(email, "attacker@example.net");
        assertEquals(403, account(token, "POST", "/", changed).statusCode(), "email change refused");
        assertEquals(403, account(token, "DELETE", "/linked-accounts/google", null).statusCode(), "identity-provider links refused");
        assertEquals(403, account(token, "DELETE", "/sessions", null).statusCode());
        assertEquals(email, realm.resource.users().get(userId).toRepresentation().getEmail(), "nothing changed");

        // an application-initiated profile update asks for a passkey first, which this session does not have
        WebClient.Page update = browser.get(realm.authUrl("&kc_action=UPDATE_PROFILE"));
        assertTrue(update.pageId().startsWith(Pages.id(Pages.LOGIN)), "a passkey sign-in is asked for, not the profile form: " + update.pageId());
        assertNull(update.doc().selectFirst("input[name=email]"), update.body());
        // a cookie sign-in without any action is still the same limited session
        WebClient.Page again = browser.get(realm.authUrl());
        assertTrue(HttpFlows.signedIn(again), again.body());
        JsonNode access = Tokens.exchange(realm, again.location());
        assertFalse(accountRoles(access).contains("manage-account"), access.toString());
    }

    @Test
    void aPasskeySessionKeepsItsAccountRolesAsTheControlCase() throws Exception {
        String email = newUser();
        String id = realm.user(email).getId();
        SoftAuthenticator key = new SoftAuthenticator();
        assertTrue(HttpFlows.register(realm, mailbox, id, email, key).status() < 400);
        WebClient.Page signedIn = HttpFlows.signIn(new WebClient(), realm, key);
        assertTrue(HttpFlows.signedIn(signedIn), signedIn.body());
        String token = Tokens.response(realm, signedIn.location(), realm.baseUrl).get("access_token").asText();
        assertTrue(accountRoles(Tokens.claims(token)).contains("manage-account"));
        HttpResponse<String> me = account(token, "GET", "/", null);
        HttpResponse<String> update = account(token, "POST", "/", me.body().replace("\"firstName\":\"Test\"", "\"firstName\":\"Tess\""));
        assertTrue(update.statusCode() < 300, update.statusCode() + " " + update.body());
        assertEquals("Tess", realm.resource.users().get(id).toRepresentation().getFirstName());
    }

    @Test
    void forgedAndMalformedLinksAreRefusedPlainly() {
        WebClient b = new WebClient();
        for (String bad : List.of("AAAAAAAAAAAAAAAAAAAAAA", "short", "..%2F..%2Fx", "x".repeat(500))) {
            int get = b.get(KeycloakServer.URL + "/realms/" + realm.name + "/passkey-first/sign-in/" + bad).status();
            assertTrue(get >= 400 && get < 500, bad + ": " + get);
            int post = b.post(KeycloakServer.URL + "/realms/" + realm.name + "/passkey-first/sign-in/" + bad, Map.of("binding", "x")).status();
            assertTrue(post >= 400 && post < 500, bad + ": " + post);
        }
        // a made-up action token for the sign-in link
        int forged = b.get(KeycloakServer.URL + "/realms/" + realm.name + "/login-actions/action-token?key=eyJhbGciOiJIUzI1NiJ9.e30.x&client_id=pkf-test").status();
        assertTrue(forged >= 400 && forged < 500, "forged token: " + forged);
    }

    private static List<String> accountRoles(JsonNode accessToken) {
        JsonNode roles = accessToken.path("resource_access").path("account").path("roles");
        List<String> out = new ArrayList<>();
        roles.forEach(r -> out.add(r.asText()));
        return out;
    }

    private HttpResponse<String> account(String token, String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(KeycloakServer.URL + "/realms/" + realm.name + "/account" + path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").timeout(Duration.ofSeconds(10));
        if (json != null) b.header("Content-Type", "application/json");
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertNotNull(r);
        return r;
    }
}
