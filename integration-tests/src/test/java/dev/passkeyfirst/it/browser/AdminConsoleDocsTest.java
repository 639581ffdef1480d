package dev.passkeyfirst.it.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.passkeyfirst.it.harness.Browser;
import dev.passkeyfirst.it.harness.KeycloakServer;
import dev.passkeyfirst.it.harness.ServerTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * What an admin sees: our steps in Keycloak's own admin console, listed under their display names
 * with their help texts and config. The screenshots illustrate the README's installation guide.
 */
class AdminConsoleDocsTest extends ServerTest {

    @Test
    void ourFlowsAndStepsShowInTheAdminConsole() {
        try (Browser b = new Browser()) {
            b.open(KeycloakServer.URL + "/admin/master/console/");
            b.type(By.id("username"), "admin");
            b.type(By.id("password"), "admin");
            b.click(By.id("kc-login"));
            // the console finishes its own sign-in redirects before it follows a deep link; opening
            // one earlier lands on its welcome page on a slow machine
            b.waitForText("Server info");
            String flows = KeycloakServer.URL + "/admin/master/console/#/" + realm.name + "/authentication";
            b.open(flows);
            // a changed hash alone keeps the realm the console started in: load the page again
            b.driver.navigate().refresh();
            b.waitForText("pkf-browser");
            b.screenshot("admin-flows");
            b.click(By.linkText("pkf-browser"));
            b.waitForText("Passkey First: sign in");
            b.waitForText("Condition - Level of Authentication");
            b.screenshot("admin-browser-flow");
            b.open(KeycloakServer.URL + "/admin/master/console/#/" + realm.name + "/authentication/required-actions");
            b.waitForText("Passkey First: create a passkey");
            assertTrue(b.bodyText().contains("Webauthn Register Passwordless (Passkey First)"));
            b.screenshot("admin-required-actions");
        }
    }
}
