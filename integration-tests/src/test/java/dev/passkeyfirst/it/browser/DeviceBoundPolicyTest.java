package dev.passkeyfirst.it.browser;

import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import dev.passkeyfirst.it.harness.Browser;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.mailbox.Mailbox;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** A realm that accepts only device-bound passkeys refuses a synced one, clearly, and takes a security key. */
class DeviceBoundPolicyTest extends ServerTest {

    @Override
    protected TestRealm createRealm() {
        return TestRealm.create(server, mailbox.smtpPort(), rep -> rep.getRequiredActions().stream()
                .filter(a -> a.getAlias().equals(ProviderIds.CREATE_PASSKEY))
                .forEach(a -> a.setConfig(Map.of("pkf.deviceBoundOnly", "true"))));
    }

    @Test
    void aSyncedPasskeyIsRefusedAndASecurityKeyIsAccepted() {
        String email = "policy@example.org";
        String userId = realm.createUser(email);
        realm.resource.users().get(userId).executeActionsEmail(java.util.List.of(ProviderIds.CREATE_PASSKEY));
        String link = mailbox.await(m -> m.to().contains(email), Duration.ofSeconds(20)).orElseThrow().links().stream()
                .filter(l -> l.contains("action-token")).findFirst().orElseThrow();
        try (Browser b = new Browser()) {
            String synced = b.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
            b.open(link);
            if ("login-info".equals(b.pageId())) b.click(By.cssSelector("a[href*='login-actions']"));
            b.waitForPage(Pages.CREATE_PASSKEY);
            assertTrue(b.text(By.id("pkf-device-bound-policy")).contains("stay on one device"));
            b.click(By.id("pkf-create-button"));
            b.waitForPage(Pages.CREATE_PASSKEY);
            String error = b.errorMessage();
            assertTrue(error.contains("would sync to your other devices") && error.contains("reports this about itself"), error);
            b.screenshot("create-passkey-synced-refused");
            assertTrue(realm.resource.users().get(userId).credentials().isEmpty(), "nothing stored");

            b.removeAuthenticator(synced);
            b.addAuthenticator(Browser.Authenticator.USB_RESIDENT_KEY);
            b.click(By.id("pkf-create-button"));
            b.waitForPage("login-info");
            assertEquals(1, realm.resource.users().get(userId).credentials().size());
        }
    }
}
