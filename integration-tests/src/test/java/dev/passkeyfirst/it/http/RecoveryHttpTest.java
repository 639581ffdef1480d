package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passkeyfirst.it.harness.KeycloakServer;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.it.harness.Tokens;
import dev.passkeyfirst.mailbox.Mailbox;
import org.junit.jupiter.api.Test;
import dev.passkeyfirst.testsupport.WebClient;
import dev.passkeyfirst.testsupport.SoftAuthenticator;

/** Recovery attacked over HTTP: links, limits, codes, and what a recovered (fallback) session may not do. */
class RecoveryHttpTest extends ServerTest {

    private int users;

    private record Account(String email, String userId, SoftAuthenticator passkey) {
    }

    private Account account() {
        String email = "rec" + (++users) + "@example.org";
        String id = realm.createUser(email);
        SoftAuthenticator key = new SoftAuthenticator();
        assertTrue(HttpFlows.register(realm, mailbox, id, email, key).status() < 400);
        return new Account(email, id, key);
    }

    /** Asks for a recovery the way the page does; returns the asking browser's last page. */
    private WebClient.Page ask(WebClient client, String identifier) {
        WebClient.Page login = client.get(realm.authUrl());
        WebClient.Page identify = client.get(login.doc().getElementById("pkf-lost-device").absUrl("href"));
        assertEquals(Pages.id(Pages.RECOVERY), identify.pageId(), identify.body());
        return client.post(identify.formAction("pkf-identify-form"), Map.of("identifier", identifier));
    }

    private String linkFor(String email) {
        Mailbox.Mail mail = mailbox.await(m -> m.to().contains(email) && m.subject().contains("Recover your"), Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no recovery email for " + email));
        return mail.links().stream().filter(l -> l.contains("/passkey-first/recover/")).findFirst().orElseThrow();
    }

    private static Map<String, String> confirmForm(WebClient.Page confirm) {
        return Map.of("binding", confirm.doc().selectFirst("input[name=binding]").attr("value"));
    }

    /** Email link to a passkey: a single proof (this account has nothing else), so the passkey waits. */
    private WebClient.Page recoverWithLink(WebClient client, Account a, SoftAuthenticator newKey) {
        mailbox.purge();
        ask(client, a.email());
        WebClient.Page confirm = client.get(linkFor(a.email()));
        WebClient.Page recover = client.post(confirm.formAction("pkf-link-form"), confirmForm(confirm));
        assertEquals(Pages.id(Pages.RECOVER), recover.pageId(), recover.body());
        return client.post(recover.formAction("pkf-create-form"), HttpFlows.attestation(recover, newKey, "recovered"));
    }

    @Test
    void theLinkIsShownByGetAndTakenOnceByPost() {
        Account a = account();
        WebClient user = new WebClient();
        mailbox.purge();
        ask(user, a.email());
        String link = linkFor(a.email());
        // a mail scanner looks first: HEAD, then a cookieless GET; nothing is used up
        WebClient scanner = new WebClient("Mozilla/5.0 (compatible; LinkPreview)");
        assertEquals(200, scanner.head(link).status());
        assertEquals(200, scanner.get(link).status());
        WebClient.Page confirm = user.get(link);
        WebClient.Page recover = user.post(confirm.formAction("pkf-link-form"), confirmForm(confirm));
        assertEquals(Pages.id(Pages.RECOVER), recover.pageId());
        // used: every later look and use says so
        assertEquals(410, new WebClient().get(link).status());
        WebClient.Page again = user.post(confirm.formAction("pkf-link-form"), confirmForm(confirm));
        assertEquals(410, again.status());
        assertTrue(again.body().contains("no longer valid"));
    }

    @Test
    void forgedLinksAndPostsWithoutThePagesCookieChangeNothing() {
        Account a = account();
        WebClient b = new WebClient();
        for (String bad : List.of("AAAAAAAAAAAAAAAAAAAAAA", "short", "../../x", "x".repeat(500))) {
            int status = b.get(KeycloakServer.URL + "/realms/" + realm.name + "/passkey-first/recover/" + bad).status();
            assertTrue(status >= 400 && status < 500, bad + ": " + status);
            status = b.post(KeycloakServer.URL + "/realms/" + realm.name + "/passkey-first/not-me/" + bad, Map.of("binding", "x")).status();
            assertTrue(status >= 400 && status < 500, bad + ": " + status);
        }
        mailbox.purge();
        ask(new WebClient(), a.email());
        String link = linkFor(a.email());
        // a cross-site POST (no cookie of the page) cannot take the link
        WebClient.Page csrf = new WebClient().post(link, Map.of("binding", "guessed"));
        assertEquals(400, csrf.status());
        WebClient owner = new WebClient();
        WebClient.Page confirm = owner.get(link);
        assertEquals(Pages.id(Pages.RECOVER), owner.post(confirm.formAction("pkf-link-form"), confirmForm(confirm)).pageId());
    }

    @Test
    void fiftyRedemptionsOfOneLinkAtOnceHaveOneWinner() throws Exception {
        Account a = account();
        mailbox.purge();
        ask(new WebClient(), a.email());
        String link = linkFor(a.email());
        WebClient browser = new WebClient();
        WebClient.Page confirm = browser.get(link);
        Map<String, String> form = confirmForm(confirm);
        assertEquals(1, HttpFlows.racePosts(browser, confirm.formAction("pkf-link-form"), form, 50));
    }

    @Test
    void recoveryCodesFailTheSameForStrangersAndAreLimited() {
        Account a = account();
        WebClient client = new WebClient();
        WebClient.Page sent = ask(client, a.email());
        WebClient.Page code = client.post(sent.doc().selectFirst("form").absUrl("action"), Map.of("pkf.useCode", "1"));
        String wrongForKnown = null;
        for (int i = 0; i < 5; i++) {
            code = client.post(code.formAction("pkf-code-form"), Map.of("pkf.code", "WRONG-CODE-" + i));
            assertTrue(code.status() < 500);
            wrongForKnown = code.error();
        }
        code = client.post(code.formAction("pkf-code-form"), Map.of("pkf.code", "ANOTHER"));
        assertTrue(code.error().contains("Too many attempts"), code.error());

        WebClient stranger = new WebClient();
        WebClient.Page s = ask(stranger, "nobody-" + users + "@example.org");
        WebClient.Page sCode = stranger.post(s.doc().selectFirst("form").absUrl("action"), Map.of("pkf.useCode", "1"));
        sCode = stranger.post(sCode.formAction("pkf-code-form"), Map.of("pkf.code", "WRONG-CODE"));
        assertEquals(wrongForKnown, sCode.error(), "an unknown account fails exactly like a wrong code");
    }

    @Test
    void recoveryEmailsAreLimitedSilently() {
        Account a = account();
        mailbox.purge();
        for (int i = 0; i < 8; i++) {
            WebClient.Page p = ask(new WebClient(), a.email());
            assertTrue(p.body().contains("If an account exists for " + a.email()), "same answer every time");
        }
        mailbox.await(m -> false, Duration.ofSeconds(3));
        long sent = mailbox.messages().stream().filter(m -> m.to().contains(a.email()) && m.subject().contains("Recover your")).count();
        assertEquals(5, sent, "at most five per hour, the rest dropped without a word");
    }

    /** One account, one limit: asking by its username and by its email in turn sends no more than asking by one. */
    @Test
    void theLimitIsPerAccountHoweverTheAccountIsNamed() {
        String email = "named" + (++users) + "@example.org";
        String username = "named-" + users;
        // the demo realm makes the email the username; a realm that keeps them apart is where two names meet
        var settings = realm.resource.toRepresentation();
        settings.setRegistrationEmailAsUsername(false);
        realm.resource.update(settings);
        try {
            org.keycloak.representations.idm.UserRepresentation u = new org.keycloak.representations.idm.UserRepresentation();
            u.setUsername(username);
            u.setEmail(email);
            u.setEmailVerified(true);
            u.setFirstName("Test");
            u.setLastName("User");
            u.setEnabled(true);
            try (var r = realm.resource.users().create(u)) {
                assertEquals(201, r.getStatus());
            }
            assertEquals(username, realm.resource.users().searchByEmail(email, true).get(0).getUsername());
            askByBothNames(username, email);
        } finally {
            settings.setRegistrationEmailAsUsername(true);
            realm.resource.update(settings);
        }
    }

    private void askByBothNames(String username, String email) {
        mailbox.purge();
        for (int i = 0; i < 8; i++) {
            // from addresses of their own: the per-address limit is not what this test is about
            WebClient.Page p = ask(new WebClient().withHeader("X-Forwarded-For", "10.20.0." + (users * 10 + i)), i % 2 == 0 ? username : email);
            assertTrue(p.status() < 400, p.body());
        }
        mailbox.await(m -> false, Duration.ofSeconds(3));
        long sent = mailbox.messages().stream().filter(m -> m.to().contains(email) && m.subject().contains("Recover your")).count();
        assertEquals(5, sent, "five per hour for the account, whichever name was typed");
    }

    @Test
    void aFallbackSessionCannotRemoveOrAddPasskeysNorKeepAnOfflineToken() throws Exception {
        Account a = account();
        WebClient client = new WebClient();
        SoftAuthenticator recovered = new SoftAuthenticator();
        WebClient.Page waiting = recoverWithLink(client, a, recovered);
        assertTrue(waiting.body().contains("Your new passkey will work from"), waiting.body());
        WebClient.Page done = client.post(waiting.doc().selectFirst("form[action*=login-actions]").absUrl("action"), Map.of("pkf.done", "1"));
        assertTrue(done.status() < 500);

        // the same browser, now signed in from the recovery, asks the test app for tokens, offline too
        WebClient.Page code = client.get(realm.authUrl().replace("scope=openid", "scope=openid%20offline_access"));
        assertTrue(HttpFlows.signedIn(code), "signed in by the recovery's session: " + code.status() + " " + code.location());
        JsonNode tokens = exchangeRaw(realm, code.location());
        JsonNode refresh = claims(tokens.get("refresh_token").asText());
        assertFalse("Offline".equals(refresh.get("typ").asText()), "no offline token for a fallback session");

        String access = tokens.get("access_token").asText();
        String passkeyId = realm.resource.users().get(a.userId()).credentials().get(0).getId();
        int status = deleteCredential(access, passkeyId);
        assertEquals(403, status, "refused: below level 2, and without manage-account in a fallback token");
        assertEquals(1, realm.resource.users().get(a.userId()).credentials().size());
        HttpResponse<String> email = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(KeycloakServer.URL + "/realms/" + realm.name + "/account/"))
                .header("Authorization", "Bearer " + access).header("Accept", "application/json").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + a.email() + "\",\"email\":\"thief@example.net\"}"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, email.statusCode(), "a recovered session cannot move the account to another address: " + email.body());
        assertEquals(a.email(), realm.resource.users().get(a.userId()).toRepresentation().getEmail());

        // adding one through the account console's "Set up" (kc_action): Keycloak asks this level-1
        // session to step up with a passkey first, which is what a recovered user cannot do yet
        WebClient.Page setup = client.get(realm.authUrl("&kc_action=" + ProviderIds.STOCK_PASSKEY_REGISTER));
        assertEquals(Pages.id(Pages.LOGIN_PASSKEY), setup.pageId(), "a passkey sign-in is asked for: " + setup.body());
        WebClient.Page forced = client.post(KeycloakServer.URL + "/realms/" + realm.name + "/login-actions/required-action?execution=webauthn-register-passwordless",
                Map.of("clientDataJSON", "AAAA", "attestationObject", "AAAA", "publicKeyCredentialId", "AAAA"));
        assertTrue(forced.status() < 500);
        assertEquals(1, realm.resource.users().get(a.userId()).credentials().size());
    }

    private static JsonNode exchangeRaw(TestRealm realm, String callback) throws Exception {
        String body = WebClient.encode(Map.of("grant_type", "authorization_code", "code", Tokens.code(callback),
                "redirect_uri", TestRealm.REDIRECT, "client_id", TestRealm.CLIENT_ID, "code_verifier", TestRealm.PKCE_VERIFIER));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(KeycloakServer.URL + "/realms/" + realm.name + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new ObjectMapper().readTree(r.body());
    }

    private static JsonNode claims(String jwt) throws Exception {
        return new ObjectMapper().readTree(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private int deleteCredential(String accessToken, String credentialId) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(KeycloakServer.URL + "/realms/" + realm.name + "/account/credentials/" + credentialId))
                .header("Authorization", "Bearer " + accessToken).header("Accept", "application/json")
                .DELETE().timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }
}
