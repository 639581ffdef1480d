package dev.passkeyfirst.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.passkeyfirst.it.harness.Browser;
import dev.passkeyfirst.it.harness.KeycloakServer;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.http.AdminViewSteps;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 20, item 2, as an administrator meets it: sign in to Keycloak's admin console, open the user,
 * follow the console's link to the admin view (the Home URL of the client pkf-admin-view), see the
 * user's passkeys with our facts and the waiting recovery, and cancel it.
 */
class AdminViewBrowserTest extends ServerTest {

    @Test
    void anAdministratorFindsAUserFromTheConsoleAndCancelsTheirWaitingRecovery() {
        AdminViewSteps.Waiting owner = AdminViewSteps.userInWaitingRecovery(realm, mailbox, server);
        try (Browser b = new Browser()) {
            // tall enough that the README's screenshot shows the whole view
            b.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1200, 1500));
            b.open(KeycloakServer.URL + "/admin/master/console/");
            b.type(By.id("username"), "admin");
            b.type(By.id("password"), "admin");
            b.click(By.id("kc-login"));
            b.waitForText("Server info");
            // the console shows the user as Keycloak knows them: a passkey with a label and a date
            b.open(KeycloakServer.URL + "/admin/master/console/#/" + realm.name + "/users/" + owner.userId() + "/credentials");
            b.driver.navigate().refresh();
            b.waitForText(owner.email());

            // the console's client list links to the view
            b.open(KeycloakServer.URL + "/admin/master/console/#/master/clients");
            b.driver.navigate().refresh();
            b.waitForText("pkf-admin-view");
            String console = b.driver.getWindowHandle();
            b.click(By.xpath("//a[contains(@href, '/passkey-first/admin-view')]"));
            new WebDriverWait(b.driver, Duration.ofSeconds(10)).until(d -> d.getWindowHandles().size() > 1 || d.getCurrentUrl().contains("admin-view"));
            List<String> windows = new ArrayList<>(b.driver.getWindowHandles());
            windows.remove(console);
            if (!windows.isEmpty()) b.driver.switchTo().window(windows.get(0));

            // signed in through the console's session: no second password
            b.waitUntil(d -> d.findElement(By.id("pkf-admin-find")).isDisplayed());
            new Select(b.driver.findElement(By.id("pkf-admin-realm"))).selectByValue(realm.name);
            b.waitUntil(d -> d.getCurrentUrl().contains("realm=" + realm.name) && d.findElement(By.id("pkf-admin-find")).isDisplayed());
            // the realm's numbers, counted on demand rather than waiting for the schedule
            b.click(By.id("pkf-admin-count"));
            b.waitUntil(d -> d.findElement(By.id("pkf-admin-waiting")).getText().matches("[0-9]+"));
            assertTrue(Integer.parseInt(b.text(By.id("pkf-admin-waiting"))) >= 1, "the owner's recovery waits");
            b.type(By.id("pkf-admin-q"), owner.email());
            b.click(By.cssSelector("#pkf-admin-search button[type=submit]"));
            b.click(By.xpath("//ul[@id='pkf-admin-results']//button[contains(., '" + owner.email() + "')]"));
            b.waitUntil(d -> d.findElement(By.id("pkf-admin-user")).isDisplayed());

            String passkeys = b.text(By.id("pkf-admin-passkeys"));
            assertTrue(passkeys.contains(owner.passkeyLabel()), passkeys);
            assertTrue(passkeys.contains("On one device only (device-bound)"), "synced or device-bound: " + passkeys);
            assertTrue(passkeys.contains("on its own device"), "how the passkey came: " + passkeys);
            String pending = b.text(By.id("pkf-admin-pending"));
            assertTrue(pending.contains("Recovery"), pending);
            assertTrue(b.text(By.id("pkf-admin-freeze")).contains("Not frozen"));
            b.screenshot("admin-view");

            b.click(By.id("pkf-admin-cancel"));
            new WebDriverWait(b.driver, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent()).accept();
            b.waitUntil(d -> d.findElement(By.id("pkf-admin-status")).getText().contains("Recoveries ended"));
            assertTrue(b.text(By.id("pkf-admin-pending")).contains("Nothing is waiting"), b.text(By.id("pkf-admin-pending")));
            assertTrue(b.text(By.id("pkf-admin-freeze")).startsWith("Frozen since"), b.text(By.id("pkf-admin-freeze")));
            b.screenshot("admin-view-cancelled");
        }
        assertEquals(0, AdminViewSteps.pendingCount(realm, server, owner.userId()), "the server agrees: nothing waits any more");
    }
}
