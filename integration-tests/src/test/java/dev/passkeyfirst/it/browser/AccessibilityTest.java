package dev.passkeyfirst.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.passkeyfirst.it.harness.Accessibility;
import dev.passkeyfirst.it.harness.Browser;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.mailbox.Mailbox;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * Issue 21, items 5 and 6. Every page the browser tests reach is checked by axe-core through the
 * harness ({@link Accessibility}); this class adds what no other test reaches: the emails, the
 * consent page, and the three journeys done with the keyboard alone (focus moved by Tab, pressed
 * with Enter, text typed into the focused field).
 */
class AccessibilityTest extends ServerTest {

    private static int users;

    private String newEmail() {
        return "a11y" + (++users) + "@example.org";
    }

    /** Tabs forward until {@code target} has the focus; fails if it never does (unreachable by keyboard). */
    private static void tabTo(Browser b, By target) {
        WebElement wanted = b.waitClickable(target);
        for (int i = 0; i < 40; i++) {
            if (wanted.equals(b.driver.switchTo().activeElement())) return;
            new Actions(b.driver).sendKeys(Keys.TAB).perform();
        }
        throw new AssertionError(target + " is not reachable with Tab; focus is on " + b.driver.switchTo().activeElement().getAttribute("outerHTML"));
    }

    private static void press(Browser b, By target) {
        tabTo(b, target);
        new Actions(b.driver).sendKeys(Keys.ENTER).perform();
    }

    private static void typeInto(Browser b, By field, String text) {
        tabTo(b, field);
        new Actions(b.driver).sendKeys(text).perform();
    }

    @Test
    void signInAddDeviceAndRecoveryWithTheKeyboardAlone() {
        String email = newEmail();
        try (Browser a = new Browser(); Browser b = new Browser()) {
            a.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
            a.withoutConditionalMediation();
            Flows.enrollFromAdminEmail(a, realm, mailbox, email);
            a.clearCookies();

            // sign in: Tab to the passkey button, Enter
            a.open(realm.authUrl("&kc_action=" + ProviderIds.ADD_DEVICE));
            a.waitForPage(Pages.SIGN_IN);
            press(a, By.id("pkf-passkey-button"));
            a.waitForPage(Pages.ADD_DEVICE);

            // add a device: B confirms and creates its passkey, A types B's code and approves
            b.addAuthenticator(Browser.Authenticator.DEVICE_BOUND_PLATFORM);
            String link = a.driver.findElement(By.id("pkf-link")).getAttribute("value");
            b.open(link);
            b.waitForPage(Pages.PAIR_CONFIRM);
            press(b, By.id("pkf-pair-continue"));
            b.waitForPage(Pages.PAIR_DEVICE);
            press(b, By.id("pkf-create-button"));
            b.waitUntil(d -> d.findElement(By.id("pkf-code")).getText().replace(" ", "").matches("\\d{6}"));
            String code = b.text(By.id("pkf-code")).replace(" ", "");
            typeInto(a, By.id("pkf-code"), code);
            new Actions(a.driver).sendKeys(Keys.ENTER).perform();
            press(a, By.id("pkf-approve"));
            a.waitForText("The new device was added");
            b.waitForPage(Pages.DEVICE_ADDED);
            assertEquals(2, realm.resource.users().get(realm.user(email).getId()).credentials().size());
        }

        // recovery on a third browser that holds no passkey of the account
        try (Browser c = new Browser()) {
            c.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
            c.withoutConditionalMediation();
            c.open(realm.authUrl());
            c.waitForPage(Pages.SIGN_IN);
            mailbox.purge();
            press(c, By.id("pkf-lost-device"));
            c.waitForPage(Pages.RECOVERY);
            typeInto(c, By.id("identifier"), email);
            new Actions(c.driver).sendKeys(Keys.ENTER).perform();
            c.waitForText("If an account exists for " + email);
            Mailbox.Mail mail = mailbox.await(m -> m.to().contains(email) && m.subject().contains("Recover your"), Duration.ofSeconds(20))
                    .orElseThrow(() -> new AssertionError("no recovery email"));
            c.open(mail.links().stream().filter(l -> l.contains("/passkey-first/recover/")).findFirst().orElseThrow());
            c.waitForPage(Pages.RECOVERY_LINK);
            press(c, By.id("pkf-link-continue"));
            c.waitForPage(Pages.RECOVER);
            press(c, By.id("pkf-create-button"));
            c.waitForText("Your new passkey will work from");
        }
    }

    @Test
    void theConsentPageRendersInOurThemeTranslated() {
        ClientRepresentation client = realm.resource.clients().findByClientId(TestRealm.CLIENT_ID).get(0);
        client.setConsentRequired(true);
        realm.resource.clients().get(client.getId()).update(client);
        try (Browser b = new Browser("it")) {
            b.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
            b.withoutConditionalMediation();
            Flows.enrollFromAdminEmail(b, realm, mailbox, newEmail());
            b.clearCookies();
            // the client's default scopes (profile, email) are what the consent asks for
            b.open(realm.authUrl());
            b.waitForPage(Pages.SIGN_IN);
            b.click(By.id("pkf-passkey-button"));
            b.waitForPage("login-login-oauth-grant");
            // our stylesheet is on the page, and Keycloak's own Italian words are
            assertTrue((Boolean) b.driver.executeScript(
                    "return [...document.styleSheets].some(s => s.href && s.href.includes('/passkey-first/css/pkf.css'))"), "our theme");
            String text = b.bodyText();
            assertTrue(text.contains("Sì") || text.contains("No"), "the buttons in Italian: " + text);
            b.screenshot("docs-consent-it");
            b.click(By.id("kc-login"));
            b.waitForUrlStarting(TestRealm.REDIRECT);
        } finally {
            client.setConsentRequired(false);
            realm.resource.clients().get(client.getId()).update(client);
        }
    }

    @Test
    void everyEmailOfOursPassesTheSameRules() throws IOException {
        // each kind of email once: passkey added, add-device link, recovery link, an administrator's
        // change, sign-in link (the others share their frame, pkf-email.ftl)
        String email = newEmail();
        mailbox.purge();
        try (Browser a = Flows.onAddDevicePage(realm, mailbox, email)) {
            a.click(By.id("pkf-email-link"));
            a.waitForText("The link was sent");
            a.clearCookies();
            a.open(realm.authUrl());
            a.waitForPage(Pages.SIGN_IN);
            a.click(By.id("pkf-lost-device"));
            a.waitForPage(Pages.RECOVERY);
            a.type(By.id("identifier"), email);
            a.click(By.id("pkf-identify-submit"));
            a.waitForText("If an account exists for " + email);
        }
        mailbox.await(m -> m.to().contains(email) && m.subject().contains("Recover your"), Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no recovery email"));
        // an administrator's change
        String userId = realm.user(email).getId();
        String token = server.admin().tokenManager().getAccessTokenString();
        String api = realm.baseUrl + "/admin/realms/" + realm.name + "/" + ProviderIds.REALM_RESOURCE + "/users/" + userId;
        dev.passkeyfirst.it.http.AdminViewSteps.post(api + "/recoveries/cancel", token);
        mailbox.await(m -> m.to().contains(email) && m.subject().contains("An administrator changed"), Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no email about the administrator's change"));
        // a sign-in link, to an account without a passkey
        String linkOnly = newEmail();
        realm.createUser(linkOnly);
        try (Browser c = new Browser()) {
            c.open(realm.authUrl());
            c.waitForPage(Pages.SIGN_IN);
            c.click(By.id("pkf-sign-in-link"));
            c.waitForPage(Pages.RECOVERY);
            c.type(By.id("identifier"), linkOnly);
            c.click(By.id("pkf-identify-submit"));
            c.waitForText("If " + linkOnly + " can sign in with an email link");
        }
        mailbox.await(m -> m.to().contains(linkOnly) && m.subject().contains("Your sign-in link"), Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no sign-in link"));
        Map<String, Mailbox.Mail> kinds = new LinkedHashMap<>();
        for (Mailbox.Mail m : mailbox.messages()) {
            // Keycloak's own "execute actions" email (the admin's enrolment link) is Keycloak's, not ours
            boolean ours = m.to().contains(email) || m.to().contains(linkOnly);
            if (ours && m.html() != null && !m.subject().contains("Update Your Account")) kinds.putIfAbsent(m.subject(), m);
        }
        assertTrue(kinds.size() >= 5, "every kind this test asked for: " + kinds.keySet());
        Path dir = Files.createDirectories(Path.of("target/accessibility/emails"));
        try (Browser viewer = new Browser()) {
            int i = 0;
            for (Map.Entry<String, Mailbox.Mail> e : kinds.entrySet()) {
                Path file = dir.resolve("email-" + (++i) + ".html");
                Files.writeString(file, e.getValue().html());
                viewer.open(file.toUri().toString());
                Accessibility.check(viewer.driver, "email | " + e.getKey().replace(email, "USER").replace(linkOnly, "USER"));
            }
        }
        List<String> checked = Accessibility.checkedPages();
        assertTrue(checked.stream().anyMatch(k -> k.startsWith("email | ")), checked.toString());
    }
}
