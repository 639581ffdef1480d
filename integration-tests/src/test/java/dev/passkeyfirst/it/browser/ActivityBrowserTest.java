package dev.passkeyfirst.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.passkeyfirst.it.harness.Accessibility;
import dev.passkeyfirst.it.harness.Browser;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.it.http.HttpFlows;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.mailbox.Mailbox;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Issue 19 in Chromium: a passkey sign-in from far away meets the new-place page (the user goes on
 * with limited access), the owner gets the notice, and the passkeys page shows the history with its
 * places in English, German, French and Spanish. Screenshots for the README.
 */
class ActivityBrowserTest extends ServerTest {

    private static final String FAR = "10.20.30.40";

    @Override
    protected TestRealm createRealm() {
        TestRealm r = TestRealm.create(server, mailbox.smtpPort(), rep -> rep.getAuthenticatorConfig().stream()
                .filter(c -> c.getAlias().equals(ProviderIds.PASSKEY_LOGIN)).forEach(c -> {
                    Map<String, String> m = new HashMap<>(c.getConfig());
                    m.put("pkf.placeProof", "country");
                    c.setConfig(m);
                }));
        r.signInNotices(true);
        r.geoIp(TestRealm.HOME_AND_FAR);
        return r;
    }

    private static Properties messages(String locale) {
        Properties p = new Properties();
        Path file = Path.of("../themes/src/main/resources/theme-resources/messages/messages_" + locale + ".properties");
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    @Test
    void aSignInFromFarAwayIsAskedAboutNoticedAndShownInTheHistoryInFourLanguages() throws Exception {
        String email = "activity-browser@example.org";
        String userId = realm.createUser(email);
        SoftAuthenticator key = new SoftAuthenticator();
        assertTrue(HttpFlows.register(realm, mailbox, userId, email, key).status() < 400);

        try (Browser b = new Browser()) {
            String authenticator = b.addAuthenticator(Browser.Authenticator.DEVICE_BOUND_PLATFORM);
            b.importPasskey(authenticator, key, "localhost");
            b.withoutConditionalMediation();
            b.setExtraHeader("X-Forwarded-For", FAR);
            b.open(realm.authUrl());
            b.waitForPage(Pages.SIGN_IN);
            b.click(By.id("pkf-passkey-button"));
            b.waitForPage(Pages.PLACE_PROOF);
            assertTrue(b.text(By.id("pkf-place")).contains("Farville, Farland"), b.text(By.id("pkf-place")));
            b.screenshot("docs-place-proof");
            b.click(By.id("pkf-place-limited"));
            b.waitForUrlStarting(TestRealm.REDIRECT);
        }

        Mailbox.Mail notice = mailbox.await(m -> m.to().contains(email) && m.subject().contains("New sign-in"), Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no notice of the sign-in from far away"));
        assertTrue(notice.text().contains("Farville, Farland"), notice.text());
        Path html = Files.createDirectories(Path.of("target/emails")).resolve("sign-in-notice.html");
        Files.writeString(html, notice.html());
        try (Browser viewer = new Browser()) {
            viewer.open(html.toUri().toString());
            Accessibility.check(viewer.driver, "email | " + notice.subject().replace(email, "USER"));
            viewer.screenshot("docs-notice-email");
        }

        for (String locale : List.of("en", "de", "fr", "es")) {
            Properties words = messages(locale);
            try (Browser b = new Browser(locale)) {
                // the same key in another browser's virtual authenticator: its counter must not go back
                key.counter += 10;
                String authenticator = b.addAuthenticator(Browser.Authenticator.DEVICE_BOUND_PLATFORM);
                b.importPasskey(authenticator, key, "localhost");
                b.withoutConditionalMediation();
                b.open(realm.authUrl("&kc_action=" + ProviderIds.PASSKEYS + "&ui_locales=" + locale));
                b.waitForPage(Pages.SIGN_IN);
                b.click(By.id("pkf-passkey-button"));
                b.waitForPage(Pages.PASSKEYS);
                b.waitUntil(d -> !d.findElement(By.cssSelector("#pkf-activity time")).getText().isEmpty());
                b.driver.executeScript("document.getElementById('pkf-activity').scrollIntoView()");
                String history = b.text(By.id("pkf-activity"));
                assertTrue(history.contains(words.getProperty("pkfActivity_passkey_sign_in")), locale + ": " + history);
                assertTrue(history.contains(words.getProperty("pkfActivity_passkey_added")), locale + ": " + history);
                assertTrue(history.contains("Farville, Farland"), locale + ", the place far away: " + history);
                assertTrue(history.contains("Testville, Testland"), locale + ", the place at home: " + history);
                assertFalse(b.bodyText().matches("(?s).*\\bpkf[A-Z]\\w+.*"), locale + ": a message key shows:\n" + b.bodyText());
                b.screenshot("docs-activity-" + locale);
            }
        }
        assertNotNull(realm.user(email));
        assertEquals(1, mailbox.messages().stream().filter(m -> m.to().contains(email) && m.subject().contains("New sign-in")).count(),
                "the passkeys page's sign-ins came from the account's own place; the browsers were new, but within the quiet period");
    }
}
