package dev.passkeyfirst.it.browser;

import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import dev.passkeyfirst.it.harness.Browser;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.http.HttpFlows;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** "Your passkeys" in Chromium: the list, a rename, a removal and the Signal API call that follows it. */
class PasskeysBrowserTest extends ServerTest {

    @Test
    void aUserRenamesAndRemovesAPasskeyAndTheBrowserIsToldWhichRemain() {
        String email = "devices-page@example.org";
        String userId = realm.createUser(email);
        SoftAuthenticator laptop = new SoftAuthenticator();
        SoftAuthenticator lost = new SoftAuthenticator();
        assertTrue(HttpFlows.register(realm, mailbox, userId, email, laptop).status() < 400);
        assertTrue(HttpFlows.addPasskey(realm, laptop, lost, "Old phone").status() < 400);

        try (Browser b = new Browser()) {
            // the soft keys were made device-bound (BE=0): the virtual authenticator must say the same
            String authenticator = b.addAuthenticator(Browser.Authenticator.DEVICE_BOUND_PLATFORM);
            b.importPasskey(authenticator, laptop, "localhost");
            b.withoutConditionalMediation();
            b.recordSignalCalls();
            // the way from the stock account console: its passkey "Set up" opens our create page
            b.open(realm.authUrl("&kc_action=" + ProviderIds.STOCK_PASSKEY_REGISTER));
            b.waitForPage(Pages.SIGN_IN);
            b.click(By.id("pkf-passkey-button"));
            b.waitForPage(Pages.CREATE_PASSKEY);
            b.screenshot("create-passkey-with-passkeys");
            b.click(By.id("pkf-manage-passkeys"));
            b.waitForPage(Pages.PASSKEYS);
            List<WebElement> rows = b.driver.findElements(By.cssSelector("li.pkf-passkey"));
            assertEquals(2, rows.size());
            // local times are filled in by the page's script
            b.waitUntil(d -> !d.findElement(By.cssSelector("li.pkf-passkey .pkf-added time")).getText().isEmpty());
            b.screenshot("docs-passkeys");
            // the account's history, below the passkeys: what happened, where and in which browser
            b.driver.executeScript("document.getElementById('pkf-activity').scrollIntoView()");
            assertTrue(b.text(By.id("pkf-activity")).contains("Passkey added"), b.text(By.id("pkf-activity")));
            b.screenshot("docs-activity");

            WebElement old = row(b, "Old phone");
            WebElement name = old.findElement(By.cssSelector("input[name='pkf.label']"));
            name.clear();
            name.sendKeys("Lost phone");
            old.findElement(By.cssSelector("button[name='pkf.rename']")).click();
            b.waitForText("The passkey was renamed.");

            row(b, "Lost phone").findElement(By.cssSelector("button[name='pkf.remove']")).click();
            b.waitClickable(By.id("pkf-remove-confirmed"));
            assertTrue(b.text(By.id("pkf-confirm-text")).contains("Lost phone"));
            b.screenshot("docs-passkeys-remove");
            b.click(By.id("pkf-remove-confirmed"));
            b.waitForText("The passkey was removed.");
            assertEquals(1, b.driver.findElements(By.cssSelector("li.pkf-passkey")).size());
            assertTrue(b.bodyText().contains("You have one passkey."), b.bodyText());
            // the sign-in told the browser of both passkeys; the removal tells it of the one left
            b.waitUntil(d -> b.signalCalls().split("signalAllAcceptedCredentials", -1).length == 3);
            String calls = b.signalCalls();
            String last = calls.substring(calls.lastIndexOf("signalAllAcceptedCredentials"));
            assertTrue(last.contains(laptop.credentialIdB64()) && !last.contains(lost.credentialIdB64()), calls);
        }
        List<CredentialRepresentation> left = realm.resource.users().get(userId).credentials();
        assertEquals(1, left.size());
    }

    @Test
    void aSignInWithAPhoneOffersAPasskeyOnThisDevice() {
        String email = "phone-offer@example.org";
        String userId = realm.createUser(email);
        SoftAuthenticator phone = new SoftAuthenticator();
        phone.flags |= SoftAuthenticator.BE | SoftAuthenticator.BS;
        assertTrue(HttpFlows.registerPhone(realm, mailbox, userId, email, phone).status() < 400);
        try (Browser b = new Browser()) {
            String hybrid = b.addAuthenticator(Browser.Authenticator.PHONE_HYBRID);
            b.importPasskey(hybrid, phone, "localhost");
            b.withoutConditionalMediation();
            b.open(realm.authUrl());
            b.waitForPage(Pages.SIGN_IN);
            b.click(By.id("pkf-passkey-button"));
            b.waitForPage(Pages.CREATE_PASSKEY);
            assertTrue(b.text(By.id("pkf-offer")).contains("another device"), b.bodyText());
            b.screenshot("create-passkey-offer");
            b.click(By.id("pkf-not-now"));
            b.waitForUrlStarting(dev.passkeyfirst.it.harness.TestRealm.REDIRECT);
        }
    }

    private static WebElement row(Browser b, String label) {
        return b.driver.findElements(By.cssSelector("li.pkf-passkey")).stream()
                .filter(r -> r.findElement(By.cssSelector(".pkf-passkey-label")).getText().equals(label))
                .findFirst().orElseThrow(() -> new AssertionError("no passkey named " + label + " in " + b.bodyText()));
    }
}
