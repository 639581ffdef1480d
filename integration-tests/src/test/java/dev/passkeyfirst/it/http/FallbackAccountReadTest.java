package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.mailbox.Mailbox;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, finding 13: a fallback session (email sign-in link, or a recovery waiting for its passkey)
 * must be able to READ its own account in Keycloak's stock account console, as the README and our
 * waiting page ("you can see your account") promise, while every change stays refused. The token is
 * the one the console itself gets: client {@code account-console}, public, PKCE, from the fallback
 * session's browser cookie. Today it carries no account role at all, so the console's first calls
 * answer 403 ("Something went wrong").
 */
class FallbackAccountReadTest extends ServerTest {

    private static final String CONSOLE = "account-console";
    private int users;

    @Override
    protected TestRealm createRealm() {
        return TestRealm.create(server, mailbox.smtpPort(), OidcHttp::signInLinkAlsoWithPasskey);
    }

    private record Account(String email, String id, SoftAuthenticator passkey, String passkeyCredentialId) {
    }

    private Account account() {
        String email = "reader" + (++users) + "@example.org";
        String id = realm.createUser(email);
        SoftAuthenticator key = new SoftAuthenticator();
        assertTrue(HttpFlows.register(realm, mailbox, id, email, key).status() < 400);
        String credential = realm.resource.users().get(id).credentials().get(0).getId();
        return new Account(email, id, key, credential);
    }

    /**
     * What the account console does on load in {@code browser}: an authorization request for
     * account-console with PKCE (the answer comes back in the query here, so the code can be read
     * from the page's address), then code-to-token. Returns the access token.
     */
    private String consoleToken(WebClient browser) {
        String redirect = realm.accountUrl() + "/";
        String url = realm.baseUrl + "/realms/" + realm.name + "/protocol/openid-connect/auth?client_id=" + CONSOLE
                + "&response_type=code&response_mode=query&scope=openid&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8)
                + "&code_challenge_method=S256&code_challenge=" + TestRealm.pkceChallenge(TestRealm.PKCE_VERIFIER);
        WebClient.Page console = browser.get(url);
        assertTrue(console.url().contains("code="), "signed in to the account console from the browser's session: "
                + console.status() + " " + console.url() + " " + console.pageId());
        HttpResponse<String> tokens = OidcHttp.codeToToken(realm, CONSOLE, null, redirect, console.url());
        return OidcHttp.json(tokens).get("access_token").asText();
    }

    private HttpResponse<String> account(String token, String method, String path, String json) {
        return OidcHttp.bearer(method, realm.accountUrl() + path, token, json);
    }

    private String profileWithEmail(Account a, String email) {
        return "{\"username\":\"" + a.email() + "\",\"email\":\"" + email + "\",\"firstName\":\"Test\",\"lastName\":\"User\"}";
    }

    /** Read works, changes are refused and change nothing: every check reported, not only the first to fail. */
    private void assertReadOnly(Account a, String token) {
        String thief = "thief-" + a.id().substring(0, 8) + "@example.net";
        HttpResponse<String> credentials = account(token, "GET", "/credentials", null);
        HttpResponse<String> profile = account(token, "GET", "/", null);
        HttpResponse<String> emailChange = account(token, "POST", "/", profileWithEmail(a, thief));
        HttpResponse<String> delete = account(token, "DELETE", "/credentials/" + a.passkeyCredentialId(), null);
        assertAll(
                () -> assertEquals(200, credentials.statusCode(), "GET /account/credentials (the console's passkey list): " + credentials.body()),
                () -> assertEquals(200, profile.statusCode(), "GET /account/ (the console's profile page): " + profile.body()),
                () -> assertEquals(403, emailChange.statusCode(), "POST /account/ with a new email: " + emailChange.body()),
                () -> assertEquals(403, delete.statusCode(), "DELETE /account/credentials/{passkey}: " + delete.body()),
                () -> assertEquals(a.email(), realm.resource.users().get(a.id()).toRepresentation().getEmail(), "the email is unchanged"),
                () -> assertTrue(realm.resource.users().get(a.id()).credentials().stream().anyMatch(c -> c.getId().equals(a.passkeyCredentialId())),
                        "the passkey is still there"));
    }

    @Test
    void aSessionFromTheEmailSignInLinkReadsItsAccountInTheConsoleButChangesNothing() {
        Account a = account();
        WebClient browser = new WebClient();
        OidcHttp.signInByLink(browser, realm.authUrl(), mailbox, a.email());
        assertReadOnly(a, consoleToken(browser));
    }

    @Test
    void aRecoveredSessionWaitingForItsPasskeyReadsItsAccountButChangesNothing() {
        Account a = account();
        WebClient browser = new WebClient();
        WebClient.Page waiting = recoverWithLink(browser, a, new SoftAuthenticator());
        assertTrue(waiting.body().contains("Your new passkey will work from"), waiting.body());
        WebClient.Page done = browser.post(waiting.doc().selectFirst("form[action*=login-actions]").absUrl("action"), Map.of("pkf.done", "1"));
        assertTrue(done.status() < 500, done.status() + " " + done.body());
        assertReadOnly(a, consoleToken(browser));
    }

    /** The control case: the console's token of a passkey session reads and changes, so the requests above are the console's own. */
    @Test
    void aPasskeySessionsConsoleTokenReadsAndChangesAsTheControlCase() {
        Account a = account();
        WebClient browser = new WebClient();
        assertTrue(HttpFlows.signedIn(HttpFlows.signIn(browser, realm, a.passkey())));
        String token = consoleToken(browser);
        assertEquals(200, account(token, "GET", "/credentials", null).statusCode());
        assertEquals(200, account(token, "GET", "/", null).statusCode());
        // (this realm's account API ignores an email in the profile for every session: email changes go
        // through Keycloak's update-email action, so the control changes the first name)
        HttpResponse<String> change = account(token, "POST", "/", profileWithEmail(a, a.email()).replace("\"Test\"", "\"Tess\""));
        assertTrue(change.statusCode() < 300, change.statusCode() + " " + change.body());
        assertEquals("Tess", realm.resource.users().get(a.id()).toRepresentation().getFirstName());
    }

    /** "Lost your device?", the emailed link, a new passkey: a single proof, so under `strict` the passkey waits. */
    private WebClient.Page recoverWithLink(WebClient client, Account a, SoftAuthenticator newKey) {
        mailbox.purge();
        WebClient.Page login = client.get(realm.authUrl());
        WebClient.Page identify = client.get(login.doc().getElementById("pkf-lost-device").absUrl("href"));
        assertEquals(Pages.id(Pages.RECOVERY), identify.pageId(), identify.body());
        client.post(identify.formAction("pkf-identify-form"), Map.of("identifier", a.email()));
        Mailbox.Mail mail = mailbox.await(m -> m.to().contains(a.email()) && m.subject().contains("Recover your"), Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no recovery email for " + a.email()));
        String link = mail.links().stream().filter(l -> l.contains("/passkey-first/recover/")).findFirst().orElseThrow();
        WebClient.Page confirm = client.get(link);
        WebClient.Page recover = client.post(confirm.formAction("pkf-link-form"),
                Map.of("binding", confirm.doc().selectFirst("input[name=binding]").attr("value")));
        assertEquals(Pages.id(Pages.RECOVER), recover.pageId(), recover.body());
        return client.post(recover.formAction("pkf-create-form"), HttpFlows.attestation(recover, newKey, "recovered"));
    }
}
