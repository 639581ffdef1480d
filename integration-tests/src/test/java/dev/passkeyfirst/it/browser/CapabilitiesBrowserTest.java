package dev.passkeyfirst.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.passkeyfirst.it.harness.Browser;
import dev.passkeyfirst.it.harness.ServerTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Issue 21, item 3: what the browser reports through getClientCapabilities() (or the older checks)
 * decides the hints and the order of the ways in on the sign-in page. The server's answers do not
 * change: every way stays where the realm allows it.
 */
class CapabilitiesBrowserTest extends ServerTest {

    private static final String NO_PLATFORM = "passkeyPlatformAuthenticator: false, userVerifyingPlatformAuthenticator: false";

    private static boolean shown(Browser b, String id) {
        return b.driver.findElement(By.id(id)).isDisplayed();
    }

    private static String firstOtherWay(Browser b) {
        return b.driver.findElement(By.cssSelector("#pkf-options li:first-child a")).getAttribute("id");
    }

    @Test
    void aBrowserWithoutAPasskeyOfItsOwnButAPhoneIsToldToUseThePhone() {
        try (Browser b = new Browser()) {
            b.withClientCapabilities("{" + NO_PLATFORM + ", hybridTransport: true}");
            b.open(realm.authUrl());
            b.waitForPage(Pages.SIGN_IN);
            b.waitUntil(d -> shown(b, "pkf-hybrid-hint"));
            assertFalse(shown(b, "pkf-no-platform"));
            assertTrue(shown(b, "pkf-passkey-button"));
            b.screenshot("capabilities-hybrid");
        }
    }

    @Test
    void aBrowserWithNeitherKeepsThePasskeyButtonForASecurityKeyAndPutsTheEmailLinkFirst() {
        try (Browser b = new Browser()) {
            b.withClientCapabilities("{" + NO_PLATFORM + ", hybridTransport: false}");
            b.open(realm.authUrl());
            b.waitForPage(Pages.SIGN_IN);
            b.waitUntil(d -> shown(b, "pkf-no-platform"));
            assertFalse(shown(b, "pkf-hybrid-hint"));
            assertTrue(shown(b, "pkf-passkey-button"), "a security key can still sign in");
            assertEquals("pkf-sign-in-link", firstOtherWay(b));
            assertTrue(b.driver.findElement(By.id("pkf-sign-in-link")).getAttribute("class").contains("pkf-promoted"));
            b.screenshot("capabilities-no-platform");
        }
    }

    @Test
    void aBrowserWithoutWebAuthnIsOfferedTheEmailLinkAndItWorks() {
        try (Browser b = new Browser()) {
            b.withoutWebAuthn();
            b.open(realm.authUrl());
            b.waitForPage(Pages.SIGN_IN);
            b.waitUntil(d -> shown(b, "pkf-no-webauthn"));
            assertFalse(shown(b, "pkf-passkey-button"));
            assertEquals("pkf-sign-in-link", firstOtherWay(b));
            assertTrue(b.driver.findElement(By.id("pkf-sign-in-link")).getAttribute("class").contains("pkf-promoted"));
            b.screenshot("capabilities-no-webauthn");
            b.click(By.id("pkf-sign-in-link"));
            b.waitForPage(Pages.RECOVERY);
            b.waitForText("Sign in with an email link");
        }
    }

    @Test
    void aBrowserWithAPasskeyOfItsOwnShowsNeitherHint() {
        try (Browser b = new Browser()) {
            b.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
            b.open(realm.authUrl());
            b.waitForPage(Pages.SIGN_IN);
            // the page has settled once the passkey button is wired; give its capability check a moment
            b.waitUntil(d -> "complete".equals(b.driver.executeScript("return document.readyState")));
            assertFalse(shown(b, "pkf-hybrid-hint"));
            assertFalse(shown(b, "pkf-no-platform"));
            assertFalse(b.driver.findElement(By.id("pkf-sign-in-link")).getAttribute("class").contains("pkf-promoted"), "the usual look");
        }
    }
}
