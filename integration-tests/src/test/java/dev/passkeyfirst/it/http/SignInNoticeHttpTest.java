package dev.passkeyfirst.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.mailbox.Mailbox;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, item 3: a sign-in from a browser or place new to the account emails its owner, once
 * within the quiet period; "this wasn't me" (GET shows, POST acts) ends that sign-in's session and
 * its refresh token, removes the passkey made in it, freezes email and SMS proofs, and leaves the
 * owner's own session alone.
 */
class SignInNoticeHttpTest extends ServerTest {

    private static final String SUBJECT = "New sign-in to your";

    @Override
    protected TestRealm createRealm() {
        TestRealm r = TestRealm.create(server, mailbox.smtpPort());
        r.signInNotices(true);
        // the freeze is a user attribute: the admin API shows it where unmanaged attributes are on
        r.allowAdminAttributes();
        r.geoIp(TestRealm.HOME_AND_FAR);
        return r;
    }

    /** An account whose passkey was made in {@code home}, the browser it knows. */
    private record Account(String id, String email, SoftAuthenticator key, WebClient home) {
    }

    private Account account(String email) {
        String id = realm.createUser(email);
        SoftAuthenticator key = new SoftAuthenticator();
        WebClient home = new WebClient(WebClient.CHROME);
        WebClient.Page create = HttpFlows.createPage(home, realm, mailbox, id, email);
        assertTrue(home.post(create.formAction("pkf-create-form"), HttpFlows.attestation(create, key, "Home key")).status() < 400);
        return new Account(id, email, key, home);
    }

    private Optional<Mailbox.Mail> notice(String email, Duration wait) {
        return mailbox.await(m -> m.to().contains(email) && m.subject().contains(SUBJECT), Duration.ofMillis(wait.toMillis()));
    }

    private long notices(String email) {
        return mailbox.messages().stream().filter(m -> m.to().contains(email) && m.subject().contains(SUBJECT)).count();
    }

    private static String notMeLink(Mailbox.Mail mail) {
        return mail.links().stream().filter(l -> l.contains("/passkey-first/" + ProviderIds.PART_SIGN_IN_NOT_ME + "/")).findFirst()
                .orElseThrow(() -> new AssertionError("no link in " + mail.text()));
    }

    private WebClient.Page signIn(WebClient client, SoftAuthenticator key) {
        WebClient.Page done = HttpFlows.signIn(client, realm, key);
        assertTrue(HttpFlows.signedIn(done), done.body());
        return done;
    }

    @Test
    void aNewBrowserIsNoticedOnceWithinTheQuietPeriodAndTheKnownOneNever() {
        Account a = account("notice-browser@example.org");
        a.home().forgetCookiesExcept("PKF_DEVICE");
        signIn(a.home(), a.key());
        assertTrue(notice(a.email(), Duration.ofSeconds(3)).isEmpty(), "the browser that made the passkey is the account's own");
        a.home().forgetCookiesExcept("PKF_DEVICE", "PKF_KNOWN");

        int mark = server.logLineCount();
        signIn(a.home(), a.key());
        assertTrue(notice(a.email(), Duration.ofSeconds(2)).isEmpty(), "again, in the known browser");
        assertTrue(server.logLinesSince(mark).stream().anyMatch(l -> l.contains("user " + a.id() + ": the browser's signed word")),
                "the second sign-in took the browser's signed word, without reading the history");

        // a new browser that carries the known browser's signed word, lifted from it, is still new
        WebClient copy = new WebClient(WebClient.CHROME);
        copy.copyCookie(a.home(), "PKF_KNOWN");
        signIn(copy, a.key());
        Mailbox.Mail mail = notice(a.email(), Duration.ofSeconds(15)).orElseThrow(() -> new AssertionError("no notice of a new browser"));
        assertTrue(mail.text().contains("a browser it has not used before"), mail.text());
        assertTrue(mail.text().contains("Signed in with a passkey") && mail.text().contains("Home key"), "what: " + mail.text());
        assertTrue(mail.text().contains("Testville, Testland"), "where: " + mail.text());
        assertTrue(mail.text().contains("Chrome"), "which browser: " + mail.text());
        assertTrue(mail.html().contains(notMeLink(mail)), "the HTML part links to the same page");

        signIn(new WebClient(WebClient.CHROME), a.key());
        // a second new browser within the quiet period: no second notice
        assertTrue(mailbox.await(m -> notices(a.email()) > 1, Duration.ofSeconds(4)).isEmpty(), "a second notice within the quiet period");
        assertEquals(1, notices(a.email()));
    }

    @Test
    void aNewPlaceIsNoticedInTheBrowserTheAccountKnows() {
        realm.signInNotices(true, "pkf.noticeNewDevice", "false", "pkf.noticeNewPlace", "country");
        try {
            Account a = account("notice-place@example.org");
            signIn(a.home(), a.key());
            assertTrue(notice(a.email(), Duration.ofSeconds(3)).isEmpty(), "home, in the known browser");
            // signed out (the SSO cookies go), the browser's own cookie of ours stays
            a.home().forgetCookiesExcept("PKF_DEVICE", "PKF_KNOWN");
            signIn(a.home().withHeader("X-Forwarded-For", "10.20.30.40"), a.key());
            Mailbox.Mail mail = notice(a.email(), Duration.ofSeconds(15)).orElseThrow(() -> new AssertionError("no notice of a new country"));
            assertTrue(mail.text().contains("a place it has not used recently") && mail.text().contains("Farville, Farland"), mail.text());
        } finally {
            // the settings merge into the realm's: put the defaults back
            realm.signInNotices(true, "pkf.noticeNewDevice", "true", "pkf.noticeNewPlace", "country");
        }
    }

    @Test
    void thisWasntMeEndsThatSignInAndWhatItAddedAndNothingElse() throws Exception {
        Account a = account("notice-not-me@example.org");
        String ownRefresh = refreshToken(signIn(a.home(), a.key()));

        // someone else signs in with the passkey (a synced one, say) and adds a passkey of theirs
        WebClient intruder = new WebClient(WebClient.CHROME);
        WebClient.Page login = intruder.get(realm.authUrl("&kc_action=" + ProviderIds.CREATE_PASSKEY));
        WebClient.Page create = intruder.post(login.formAction("pkf-assertion-form"),
                a.key().get(HttpFlows.rpId(login), login.origin(), HttpFlows.challenge(login)));
        SoftAuthenticator theirs = new SoftAuthenticator();
        WebClient.Page done = intruder.post(create.formAction("pkf-create-form"), HttpFlows.attestation(create, theirs, "Not mine"));
        assertTrue(HttpFlows.signedIn(done), done.body());
        String intruderRefresh = refreshToken(done);
        assertEquals(2, realm.resource.users().get(a.id()).credentials().stream().filter(c -> c.getType().startsWith("webauthn")).count());

        String link = notMeLink(notice(a.email(), Duration.ofSeconds(15)).orElseThrow(() -> new AssertionError("no notice")));
        WebClient mailApp = new WebClient(WebClient.CHROME);
        // a look (a mail scanner, a preview) changes nothing
        assertEquals(200, mailApp.head(link).status());
        WebClient.Page confirm = mailApp.get(link);
        assertEquals(200, confirm.status(), confirm.body());
        assertEquals(200, refresh(intruderRefresh).statusCode(), "a GET ended nothing");
        // another browser cannot take it (no cookie of the page it was shown)
        WebClient.Page foreign = new WebClient().post(confirm.formAction("pkf-sign-in-not-me-form"),
                Map.of("binding", confirm.doc().selectFirst("input[name=binding]").attr("value")));
        assertEquals(400, foreign.status());

        WebClient.Page ended = mailApp.post(confirm.formAction("pkf-sign-in-not-me-form"),
                Map.of("binding", confirm.doc().selectFirst("input[name=binding]").attr("value")));
        assertEquals(200, ended.status(), ended.body());
        assertNotNull(ended.doc().getElementById("pkf-sign-in-not-me-done"), ended.body());

        assertEquals(400, refresh(intruderRefresh).statusCode(), "the disowned session's refresh token is dead");
        assertEquals(200, refresh(ownRefresh).statusCode(), "the owner's own session stays");
        var creds = realm.resource.users().get(a.id()).credentials().stream().filter(c -> c.getType().startsWith("webauthn")).toList();
        assertEquals(1, creds.size(), "the passkey made in the disowned sign-in is gone");
        assertEquals("Home key", creds.get(0).getUserLabel());
        assertFalse(HttpFlows.signedIn(HttpFlows.signIn(new WebClient(), realm, theirs)), "their passkey signs in no more");
        var attributes = realm.resource.users().get(a.id()).toRepresentation().getAttributes();
        assertTrue(attributes != null && attributes.containsKey("pkf.recoveryFrozen"), "email and SMS proofs are frozen: " + attributes);
        assertTrue(mailbox.await(m -> m.to().contains(a.email()) && m.subject().contains("removed"), Duration.ofSeconds(15)).isPresent(),
                "the removal is notified like any other");

        // used once: the page and a second POST say so
        assertEquals(410, mailApp.get(link).status());
        assertEquals(410, mailApp.post(confirm.formAction("pkf-sign-in-not-me-form"),
                Map.of("binding", confirm.doc().selectFirst("input[name=binding]").attr("value"))).status());
    }

    @Test
    void forgedAndForeignLinksReadAsUsed() {
        Account a = account("notice-forged@example.org");
        Account b = account("notice-other@example.org");
        signIn(new WebClient(WebClient.CHROME), a.key());
        String link = notMeLink(notice(a.email(), Duration.ofSeconds(15)).orElseThrow());
        WebClient client = new WebClient();
        assertEquals(410, client.get(link.replaceAll("u=[^&]+", "u=" + b.id())).status(), "another user's id");
        assertEquals(410, client.get(link.replaceAll("/sign-in-not-me/[^?]+", "/sign-in-not-me/" + "A".repeat(22))).status(), "a made-up id");
        assertEquals(410, client.get(link.replaceAll("/sign-in-not-me/[^?]+", "/sign-in-not-me/%00%27")).status(), "garbage");
        assertEquals(200, client.get(link).status(), "the real one still works");
    }

    private String refreshToken(WebClient.Page signedIn) {
        HttpResponse<String> tokens = OidcHttp.codeToToken(realm, TestRealm.CLIENT_ID, null, TestRealm.REDIRECT, signedIn.location());
        assertEquals(200, tokens.statusCode(), tokens.body());
        return OidcHttp.json(tokens.body()).get("refresh_token").asText();
    }

    private HttpResponse<String> refresh(String refreshToken) {
        return OidcHttp.token(realm, Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", TestRealm.CLIENT_ID));
    }
}
