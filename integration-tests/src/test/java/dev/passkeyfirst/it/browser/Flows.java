package dev.passkeyfirst.it.browser;

import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import dev.passkeyfirst.it.harness.Browser;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.mailbox.Mailbox;
import org.openqa.selenium.By;

/** Steps several tests share, written once as a user would do them. */
public final class Flows {

    private Flows() {
    }

    /** Registers with nothing but email, name and a passkey; ends signed in at the test app. */
    public static void signUp(Browser b, TestRealm realm, Mailbox mailbox, String email, String shotPrefix) {
        b.open(realm.authUrl());
        b.waitForPage(Pages.SIGN_IN);
        if (shotPrefix != null) b.screenshot(shotPrefix + "-sign-in");
        b.click(By.id("pkf-register"));
        b.waitForPage(Pages.REGISTER);
        b.type(By.id("email"), email);
        b.type(By.id("firstName"), "Ada");
        b.type(By.id("lastName"), "Lovelace");
        if (shotPrefix != null) b.screenshot(shotPrefix + "-sign-up");
        b.click(By.cssSelector("#kc-register-form [type=submit]"));
        b.waitForPage(Pages.VERIFY_EMAIL);
        Mailbox.Mail mail = mailbox.await(m -> m.to().contains(email) && m.links().stream().anyMatch(l -> l.contains("action-token")),
                Duration.ofSeconds(20)).orElseThrow(() -> new AssertionError("no verification email for " + email));
        String link = mail.links().stream().filter(l -> l.contains("action-token")).findFirst().orElseThrow();
        b.open(link);
        b.waitForPage(Pages.CREATE_PASSKEY);
        if (shotPrefix != null) b.screenshot(shotPrefix + "-create-passkey");
        b.click(By.id("pkf-create-button"));
        b.waitForUrlStarting(TestRealm.REDIRECT);
        assertTrue(b.driver.getCurrentUrl().contains("code="), b.driver.getCurrentUrl());
    }

    /** A user an admin created gets a passkey on this browser through the admin's "execute actions" email. */
    public static void enrollFromAdminEmail(Browser b, TestRealm realm, Mailbox mailbox, String email) {
        String userId = realm.createUser(email);
        mailbox.purge();
        realm.resource.users().get(userId).executeActionsEmail(java.util.List.of(ProviderIds.CREATE_PASSKEY));
        Mailbox.Mail mail = mailbox.await(m -> m.to().contains(email), Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no execute-actions email for " + email));
        b.open(mail.links().stream().filter(l -> l.contains("action-token")).findFirst().orElseThrow());
        if ("login-info".equals(b.pageId())) b.click(By.cssSelector("a[href*='login-actions']"));
        b.waitForPage(Pages.CREATE_PASSKEY);
        b.click(By.id("pkf-create-button"));
        b.waitForPage("login-info");
    }

    /** A browser holding a fresh account's passkey, signed in with it, on the add-device page: device A. */
    public static Browser onAddDevicePage(TestRealm realm, Mailbox mailbox, String email) {
        Browser a = new Browser();
        a.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
        a.withoutConditionalMediation();
        enrollFromAdminEmail(a, realm, mailbox, email);
        a.clearCookies();
        a.open(realm.authUrl("&kc_action=" + ProviderIds.ADD_DEVICE));
        a.click(By.id("pkf-passkey-button"));
        a.waitForPage(Pages.ADD_DEVICE);
        return a;
    }

    public static void signInWithPasskeyButton(Browser b, TestRealm realm) {
        b.open(realm.authUrl());
        b.waitForPage(Pages.SIGN_IN);
        b.click(By.id("pkf-passkey-button"));
        b.waitForUrlStarting(TestRealm.REDIRECT);
    }

    public static void signInUsernameFirst(Browser b, TestRealm realm, String username) {
        b.open(realm.authUrl());
        b.waitForPage(Pages.SIGN_IN);
        b.type(By.id("username"), username);
        b.click(By.id("pkf-continue"));
        b.waitForPage(Pages.PASSKEY_STEP);
        b.click(By.id("pkf-use-passkey"));
        b.waitForUrlStarting(TestRealm.REDIRECT);
    }

    public static void signOut(Browser b, TestRealm realm) {
        b.clearCookies();
    }
}
