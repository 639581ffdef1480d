package dev.passkeyfirst.it.browser;

import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import dev.passkeyfirst.it.harness.Browser;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.mailbox.Mailbox;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.openqa.selenium.By;

/** Two Chromium instances are two devices: A is signed in, B joins by QR link or emailed link. */
class AddDeviceBrowserTest extends ServerTest {

    static final String PHONE = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36";

    private int users;

    /** Device A: a user with a passkey on A, signed in with it, on the add-device page. */
    private Browser deviceA(String email) {
        return Flows.onAddDevicePage(realm, mailbox, email);
    }

    private String newEmail() {
        return "devices" + (++users) + "@example.org";
    }

    /** B opens the link, confirms, creates its passkey; returns the code B shows. */
    private static String deviceBJoins(Browser b, String link, String shotPrefix) {
        b.open(link);
        b.waitForPage(Pages.PAIR_CONFIRM);
        if (shotPrefix != null) b.screenshot(shotPrefix + "-b-confirm");
        b.click(By.id("pkf-pair-continue"));
        b.waitForPage(Pages.PAIR_DEVICE);
        b.click(By.id("pkf-create-button"));
        String code = b.text(By.id("pkf-code")).replace(" ", "");
        assertTrue(code.matches("\\d{6}"), code);
        if (shotPrefix != null) b.screenshot(shotPrefix + "-b-code");
        return code;
    }

    private List<CredentialRepresentation> passkeys(String email) {
        return realm.resource.users().get(realm.user(email).getId()).credentials();
    }

    @Test
    void aSecondDeviceJoinsByQrCodeAndSignsInWithItsOwnPasskey() {
        String email = newEmail();
        try (Browser a = deviceA(email); Browser b = new Browser("en", PHONE)) {
            b.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
            String link = a.driver.findElement(By.id("pkf-link")).getAttribute("value");
            assertTrue(a.driver.findElement(By.cssSelector("#pkf-qr svg")).isDisplayed());
            a.screenshot("docs-add-device-a-qr");
            String code = deviceBJoins(b, link, "docs-add-device");

            // A's page notices B on its own and asks for the code
            a.waitClickable(By.id("pkf-code"));
            String warning = a.text(By.id("pkf-warning"));
            assertTrue(warning.contains("If anyone asked you to approve this"), warning);
            assertTrue(a.text(By.id("pkf-other-os")).contains("Android") && a.text(By.id("pkf-other-os")).contains("(different)"));
            a.type(By.id("pkf-code"), code);
            a.click(By.id("pkf-code-submit"));
            a.waitClickable(By.id("pkf-approve"));
            a.screenshot("docs-add-device-a-approve");
            a.click(By.id("pkf-approve"));
            a.waitForText("The new device was added");

            // B is signed in to the account console once approved
            b.waitForPage(Pages.DEVICE_ADDED);
            List<CredentialRepresentation> keys = passkeys(email);
            assertEquals(2, keys.size());
            assertTrue(keys.stream().anyMatch(k -> k.getUserLabel().contains("Chrome on Android")), keys.toString());

            b.clearCookies();
            b.withoutConditionalMediation();
            Flows.signInWithPasskeyButton(b, realm);
        }
        String notice = mailbox.await(m -> m.to().contains(email) && m.subject().contains("passkey was added")
                && m.text().contains("QR code"), Duration.ofSeconds(20)).map(Mailbox.Mail::text).orElse("");
        assertFalse(notice.isEmpty(), "the account's owner is told a device was added");
    }

    @Test
    void aSecondDeviceJoinsByEmailedLink() {
        String email = newEmail();
        try (Browser a = deviceA(email); Browser b = new Browser()) {
            b.addAuthenticator(Browser.Authenticator.DEVICE_BOUND_PLATFORM);
            mailbox.purge();
            a.click(By.id("pkf-email-link"));
            a.waitForText("The link was sent");
            Mailbox.Mail mail = mailbox.await(m -> m.to().contains(email) && m.subject().contains("Add a device"), Duration.ofSeconds(20))
                    .orElseThrow(() -> new AssertionError("no link email"));
            String link = mail.links().stream().filter(l -> l.contains("/passkey-first/pair/")).findFirst().orElseThrow();
            String code = deviceBJoins(b, link, null);
            a.waitClickable(By.id("pkf-code"));
            a.type(By.id("pkf-code"), code);
            a.click(By.id("pkf-code-submit"));
            a.click(By.id("pkf-approve"));
            a.waitForText("The new device was added");
            b.waitForPage(Pages.DEVICE_ADDED);
            assertEquals(2, passkeys(email).size());
        }
    }

    @Test
    void aWrongCodeCancelsEverythingAndTellsBothDevices() {
        String email = newEmail();
        try (Browser a = deviceA(email); Browser b = new Browser()) {
            b.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
            String link = a.driver.findElement(By.id("pkf-link")).getAttribute("value");
            String code = deviceBJoins(b, link, null);
            a.waitClickable(By.id("pkf-code"));
            a.type(By.id("pkf-code"), code.equals("000000") ? "111111" : "000000");
            a.click(By.id("pkf-code-submit"));
            a.waitForText("The code was wrong");
            b.waitForText("A wrong code was typed");
            assertEquals(1, passkeys(email).size(), "nothing added");
        }
    }

    @Test
    void denyingStoresNothingAndTellsTheNewDevice() {
        String email = newEmail();
        try (Browser a = deviceA(email); Browser b = new Browser("en", PHONE)) {
            b.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
            String link = a.driver.findElement(By.id("pkf-link")).getAttribute("value");
            deviceBJoins(b, link, null);
            a.waitClickable(By.id("pkf-deny"));
            a.click(By.id("pkf-deny"));
            a.waitForText("You denied the request");
            b.waitForText("denied on your other device");
            assertEquals(1, passkeys(email).size());
        }
    }
}
