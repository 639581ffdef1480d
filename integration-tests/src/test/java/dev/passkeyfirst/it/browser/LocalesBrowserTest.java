package dev.passkeyfirst.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.passkeyfirst.it.harness.Browser;
import dev.passkeyfirst.it.harness.ServerTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Issue 21, item 4 (languages): the sign-in page and the password step render in the shipped locales
 * without a key left untranslated; Arabic renders right to left. Screenshots for the README.
 */
class LocalesBrowserTest extends ServerTest {

    private void signInPage(String locale, String expectedDir) {
        try (Browser b = new Browser(locale)) {
            b.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
            b.withoutConditionalMediation();
            b.open(realm.authUrl("&ui_locales=" + locale));
            b.waitForPage(Pages.SIGN_IN);
            assertEquals(expectedDir, b.driver.findElement(By.tagName("html")).getAttribute("dir"));
            String text = b.bodyText();
            assertFalse(text.matches("(?s).*\\bpkf[A-Z]\\w+.*"), locale + ": a message key shows instead of its text:\n" + text);
            b.screenshot("docs-sign-in-" + locale);
            // the username step of an unknown name: the password step, in the same language
            b.type(By.id("username"), "nobody-" + locale + "@example.org");
            b.click(By.id("pkf-continue"));
            b.waitForPage(Pages.PASSKEY_STEP);
            String step = b.bodyText();
            assertFalse(step.matches("(?s).*\\bpkf[A-Z]\\w+.*"), locale + ": a message key shows instead of its text:\n" + step);
            b.screenshot("docs-password-step-" + locale);
        }
    }

    @Test
    void italian() {
        signInPage("it", "ltr");
    }

    @Test
    void japanese() {
        signInPage("ja", "ltr");
    }

    @Test
    void arabicRendersRightToLeft() {
        signInPage("ar", "rtl");
    }
}
