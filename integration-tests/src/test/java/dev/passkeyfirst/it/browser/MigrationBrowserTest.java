package dev.passkeyfirst.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.passkeyfirst.it.harness.Browser;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.openqa.selenium.By;

/**
 * Issue 18 in Chromium: a password user signs in on our page, is offered a passkey, skips, is
 * offered it again once the interval has passed, creates one, signs in with it, removes the
 * password and is then asked for none. And a browser whose password manager can create a passkey
 * without a prompt (conditional create) gets one and is told.
 */
class MigrationBrowserTest extends ServerTest {

    static final String PASSWORD = "Correct-Horse-7";

    @Override
    protected TestRealm createRealm() {
        // a one-minute reminder interval, so the test can see it pass
        return TestRealm.create(server, mailbox.smtpPort(), rep -> {
            for (RequiredActionProviderRepresentation a : rep.getRequiredActions()) {
                if (!a.getAlias().equals(ProviderIds.PASSKEY_NUDGE)) continue;
                Map<String, String> c = new HashMap<>(a.getConfig());
                c.put("pkf.nudgeIntervalMinutes", "1");
                a.setConfig(c);
            }
        });
    }

    private String passwordUser(String email) {
        String id = realm.createUser(email);
        realm.setPassword(id, PASSWORD);
        return id;
    }

    private static void passwordSignIn(Browser b, TestRealm realm, String email, String shot) {
        b.clearCookies();
        b.open(realm.authUrl());
        b.waitForPage(Pages.SIGN_IN);
        b.type(By.id("username"), email);
        b.click(By.id("pkf-continue"));
        b.waitForPage(Pages.PASSKEY_STEP);
        b.waitClickable(By.id("password"));
        if (shot != null) b.screenshot(shot);
        b.type(By.id("password"), PASSWORD);
        b.click(By.id("pkf-password-submit"));
    }

    private long passkeys(String userId) {
        return realm.resource.users().get(userId).credentials().stream().filter(c -> c.getType().equals("webauthn-passwordless")).count();
    }

    @Test
    void aPasswordUserIsNudgedCreatesAPasskeyAndRemovesThePassword() {
        String email = "migrating@example.org";
        String userId = passwordUser(email);
        try (Browser b = new Browser()) {
            b.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
            b.withoutConditionalMediation();
            b.withClientCapabilities("{passkeyPlatformAuthenticator: true, conditionalCreate: false}");

            passwordSignIn(b, realm, email, "docs-migrate-password");
            b.waitForPage(Pages.NUDGE);
            b.screenshot("docs-migrate-nudge");
            b.click(By.id("pkf-not-now"));
            Instant skipped = Instant.now();
            b.waitForUrlStarting(TestRealm.REDIRECT);

            // within the interval: straight in
            passwordSignIn(b, realm, email, null);
            b.waitForUrlStarting(TestRealm.REDIRECT);

            // once it has passed, the offer comes back; this time the user takes it
            long wait = Duration.ofSeconds(62).minus(Duration.between(skipped, Instant.now())).toMillis();
            if (wait > 0) sleep(wait);
            passwordSignIn(b, realm, email, null);
            b.waitForPage(Pages.NUDGE);
            b.click(By.id("pkf-create-button"));
            b.waitForUrlStarting(TestRealm.REDIRECT);
            assertEquals(1, passkeys(userId));

            // the passkey signs in, and after that sign-in the password can go (one passkey plus a verified email)
            b.clearCookies();
            b.open(realm.authUrl("&kc_action=" + ProviderIds.PASSKEYS));
            b.waitForPage(Pages.SIGN_IN);
            b.click(By.id("pkf-passkey-button"));
            b.waitForPage(Pages.PASSKEYS);
            b.screenshot("migrate-passkeys-after-passkey-sign-in");
            b.click(By.id("pkf-remove-password"));
            b.waitClickable(By.id("pkf-remove-password-confirmed"));
            b.screenshot("docs-migrate-remove-password");
            b.click(By.id("pkf-remove-password-confirmed"));
            b.waitForText("Your password is removed.");
            assertTrue(realm.resource.users().get(userId).credentials().stream().noneMatch(c -> c.getType().equals("password")));
            assertTrue(mailbox.await(m -> m.to().contains(email) && m.subject().contains("password"), Duration.ofSeconds(20)).isPresent(),
                    "the owner is told by email");

            // passkey-only now: the username step asks for no password
            b.clearCookies();
            b.open(realm.authUrl());
            b.waitForPage(Pages.SIGN_IN);
            b.type(By.id("username"), email);
            b.click(By.id("pkf-continue"));
            b.waitForPage(Pages.PASSKEY_STEP);
            assertTrue(b.driver.findElements(By.id("password")).isEmpty(), "no password offered");
            b.click(By.id("pkf-use-passkey"));
            b.waitForUrlStarting(TestRealm.REDIRECT);
        }
    }

    @Test
    void whereThePasswordManagerDeclinesTheUpgradeThePageMovesOnToTheOffer() {
        // Chromium's virtual authenticator does not answer a conditional create (only a real password
        // manager, after a password it filled in, does): the page must not hang on it
        String email = "upgrade-declined@example.org";
        String userId = passwordUser(email);
        try (Browser b = new Browser()) {
            b.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
            b.withoutConditionalMediation();
            b.withClientCapabilities("{passkeyPlatformAuthenticator: true, conditionalCreate: true}");
            passwordSignIn(b, realm, email, null);
            b.waitForPage(Pages.NUDGE);
            assertEquals("UPGRADE", b.driver.findElement(By.id("pkf-nudge")).getAttribute("data-pkf-mode"));
            b.waitUntil(d -> !d.findElements(By.id("pkf-not-now")).isEmpty());
            assertEquals(0, passkeys(userId), "nothing stored without the password manager's passkey");
        }
    }

    @Test
    void aPasswordManagerThatAnswersConditionalCreateGivesAPasskeyAndTheUserIsTold() {
        String email = "upgraded@example.org";
        String userId = passwordUser(email);
        try (Browser b = new Browser()) {
            b.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
            b.withoutConditionalMediation();
            b.withClientCapabilities("{passkeyPlatformAuthenticator: true, conditionalCreate: true}");
            // stands in for a password manager that answers conditional create: the request reaches the
            // virtual authenticator as a plain create, and nothing on the page is clicked
            b.beforeEachPageScript("""
                    const create = navigator.credentials.create.bind(navigator.credentials);
                    navigator.credentials.create = (options) => {
                      if (options && options.mediation === "conditional") {
                        const { mediation, ...rest } = options;
                        return create(rest);
                      }
                      return create(options);
                    };""");
            passwordSignIn(b, realm, email, null);
            b.waitForPage(Pages.NUDGE);
            b.waitClickable(By.id("pkf-remove-upgraded"));
            b.screenshot("docs-migrate-upgraded");
            assertEquals(1, passkeys(userId));
            b.click(By.id("pkf-continue"));
            b.waitForUrlStarting(TestRealm.REDIRECT);
            assertTrue(mailbox.await(m -> m.to().contains(email) && m.text().contains("created a passkey"), Duration.ofSeconds(20))
                    .isPresent(), "the owner is told by email");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
