package dev.passkeyfirst.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passkeyfirst.it.harness.Browser;
import dev.passkeyfirst.it.harness.KeycloakServer;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.it.harness.Tokens;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;
import org.openqa.selenium.By;

/** The sign-in page in a real Chromium, one behaviour per test, each browser a device of its own. */
class PasskeyBrowserTest extends ServerTest {

    /**
     * Passkeys only ("never"): here an account with a passkey and an unknown name must look alike. With
     * the default policy a name without a passkey is asked for a password; PasswordMigrationHttpTest
     * checks that unknown names look like those.
     */
    @Override
    protected TestRealm createRealm() {
        return TestRealm.create(server, mailbox.smtpPort(), rep -> rep.getAuthenticatorConfig().stream()
                .filter(c -> c.getAlias().equals("pkf-passkey-login")).forEach(c -> {
                    Map<String, String> m = new java.util.HashMap<>(c.getConfig());
                    m.put("pkf.passwordAccepted", "never");
                    c.setConfig(m);
                }));
    }


    private int users;

    private String newEmail() {
        return "user" + (++users) + "@example.org";
    }

    private String lastSignInMode(String email) {
        String userId = realm.user(email).getId();
        List<EventRepresentation> events = realm.resource.getEvents(List.of("LOGIN"), null, userId, null, null, null, 0, 5);
        assertFalse(events.isEmpty(), "a LOGIN event for " + email);
        return events.get(0).getDetails().get("pkf_mode");
    }

    @Test
    void conditionalUiSignsInFromTheUsernameField() {
        String email = newEmail();
        try (Browser b = new Browser()) {
            b.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
            Flows.enrollFromAdminEmail(b, realm, mailbox, email);
            b.clearCookies();
            // a virtual authenticator answers the page's conditional request as if the user picked the passkey in autofill
            b.open(realm.authUrl());
            b.waitForUrlStarting(TestRealm.REDIRECT);
            assertEquals("conditional", lastSignInMode(email));
        }
    }

    @Test
    void theUsernameFieldAsksForPasskeyAutofill() {
        try (Browser b = new Browser()) {
            b.open(realm.authUrl());
            b.waitForPage(Pages.SIGN_IN);
            assertEquals("username webauthn", b.driver.findElement(By.id("username")).getAttribute("autocomplete"));
        }
    }

    @Test
    void securityKeyWithoutDiscoverableCredentialSignsInUsernameFirst() {
        String email = newEmail();
        try (Browser b = new Browser()) {
            String key = b.addAuthenticator(Browser.Authenticator.USB_SECURITY_KEY);
            b.withoutConditionalMediation();
            Flows.enrollFromAdminEmail(b, realm, mailbox, email);
            List<Map<String, Object>> creds = b.credentials(key);
            assertEquals(1, creds.size());
            assertEquals(Boolean.FALSE, creds.get(0).get("isResidentCredential"), "the key keeps no account");
            b.clearCookies();
            // the passkey button asks for discoverable credentials: this key has none
            b.open(realm.authUrl());
            b.click(By.id("pkf-passkey-button"));
            b.waitForPage(Pages.SIGN_IN);
            assertTrue(b.errorMessage().contains("No passkey was used"), b.errorMessage());
            Flows.signInUsernameFirst(b, realm, email);
            assertEquals("username", lastSignInMode(email));
        }
    }

    @Test
    void anUnknownUsernameLooksAndFailsLikeAKnownOne() {
        String known = newEmail();
        String knownError;
        String knownText;
        try (Browser b = new Browser()) {
            b.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
            b.withoutConditionalMediation();
            Flows.enrollFromAdminEmail(b, realm, mailbox, known);
        }
        // the known user's passkey is not on this device: the browser finds nothing to offer. A USB key
        // sits beside the platform authenticator, because decoys may name only USB transports: without
        // one, Chrome would wait for a key to be plugged in until the ceremony times out.
        try (Browser b = new Browser()) {
            b.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
            b.addAuthenticator(Browser.Authenticator.USB_SECURITY_KEY);
            knownText = passkeyStepText(b, known);
            b.click(By.id("pkf-use-passkey"));
            b.waitForPage(Pages.PASSKEY_STEP);
            knownError = b.errorMessage();
        }
        try (Browser b = new Browser()) {
            b.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
            b.addAuthenticator(Browser.Authenticator.USB_SECURITY_KEY);
            // the decoys come from the realm's random HMAC key: take an unknown name whose decoys are
            // USB only, the case unlike the known user's platform passkey, so every run covers it
            String unknown = null;
            String unknownText = null;
            for (int i = 0; i < 40 && unknown == null; i++) {
                String candidate = "nobody-" + i + "@example.org";
                String text = passkeyStepText(b, candidate);
                String options = b.driver.findElement(By.id("pkf-data")).getAttribute("textContent");
                if (!options.contains("\"internal\"") || i == 39) {
                    unknown = candidate;
                    unknownText = text;
                }
            }
            assertEquals(knownText.replace(known, "X"), unknownText.replace(unknown, "X"));
            b.click(By.id("pkf-use-passkey"));
            b.waitForPage(Pages.PASSKEY_STEP);
            assertEquals(knownError, b.errorMessage());
        }
    }

    /** The passkey step's visible text and option count for a typed username. */
    private String passkeyStepText(Browser b, String username) {
        b.open(realm.authUrl());
        b.waitForPage(Pages.SIGN_IN);
        b.type(By.id("username"), username);
        b.click(By.id("pkf-continue"));
        b.waitForPage(Pages.PASSKEY_STEP);
        String options = b.driver.findElement(By.id("pkf-data")).getAttribute("textContent");
        // real accounts differ in how many passkeys and which transports they have: so do the decoys
        assertTrue(options.matches(".*\"allowCredentials\":\\[\\{\"id\":\"[A-Za-z0-9_-]{22,}\",\"transports\":\\[\"[a-z].*"), options);
        return b.text(By.tagName("main")) + " | options: " + options
                .replaceAll("\"challenge\":\"[^\"]*\"", "\"challenge\":\"…\"")
                .replaceAll("\"allowCredentials\":\\[.*?\\]\\}\\]", "\"allowCredentials\":[…]");
    }

    @Test
    void aCancelledPromptShowsAMessageAndCanBeRetried() {
        String email = newEmail();
        try (Browser b = new Browser()) {
            String authenticator = b.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
            b.withoutConditionalMediation();
            Flows.enrollFromAdminEmail(b, realm, mailbox, email);
            b.clearCookies();
            b.setUserVerified(authenticator, false);
            b.open(realm.authUrl());
            b.click(By.id("pkf-passkey-button"));
            b.waitForPage(Pages.SIGN_IN);
            String error = b.errorMessage();
            assertTrue(error.contains("No passkey was used"), error);
            b.screenshot("sign-in-cancelled");
            b.setUserVerified(authenticator, true);
            b.click(By.id("pkf-passkey-button"));
            b.waitForUrlStarting(TestRealm.REDIRECT);
        }
    }

    @Test
    void aBrowserWithoutWebAuthnIsToldSoAndShownTheOtherWays() {
        try (Browser b = new Browser()) {
            b.withoutWebAuthn();
            b.open(realm.authUrl());
            b.waitForPage(Pages.SIGN_IN);
            assertTrue(b.driver.findElement(By.id("pkf-no-webauthn")).isDisplayed());
            assertFalse(b.driver.findElement(By.id("pkf-passkey-button")).isDisplayed());
            assertTrue(b.driver.findElement(By.id("pkf-register")).isDisplayed(), "the realm's other ways stay offered");
            b.screenshot("sign-in-no-webauthn");
        }
    }

    @Test
    void pagesAreTranslated() {
        try (Browser b = new Browser("de")) {
            b.open(realm.authUrl());
            b.waitForPage(Pages.SIGN_IN);
            assertEquals("Anmelden", b.text(By.id("kc-page-title")));
            assertEquals("Mit einem Passkey anmelden", b.text(By.id("pkf-passkey-button")));
        }
        try (Browser b = new Browser("fr")) {
            b.open(realm.authUrl());
            b.waitForPage(Pages.SIGN_IN);
            assertEquals("Se connecter", b.text(By.id("kc-page-title")));
        }
        try (Browser b = new Browser("es")) {
            b.open(realm.authUrl());
            b.waitForPage(Pages.SIGN_IN);
            assertEquals("Iniciar sesi\u00f3n", b.text(By.id("kc-page-title")));
        }
    }

    @Test
    void aDeviceBoundPasskeyReachesTheHigherLevel() {
        String bound = newEmail();
        String synced = newEmail();
        try (Browser b = new Browser()) {
            b.addAuthenticator(Browser.Authenticator.DEVICE_BOUND_PLATFORM);
            b.withoutConditionalMediation();
            Flows.enrollFromAdminEmail(b, realm, mailbox, bound);
            b.clearCookies();
            b.open(realm.authUrl("&acr_values=passkey-device-bound"));
            b.click(By.id("pkf-passkey-button"));
            b.waitForUrlStarting(TestRealm.REDIRECT);
            JsonNode token = Tokens.exchange(realm, b.driver.getCurrentUrl());
            assertEquals("passkey-device-bound", token.get("acr").asText());
        }
        try (Browser b = new Browser()) {
            b.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
            b.withoutConditionalMediation();
            Flows.enrollFromAdminEmail(b, realm, mailbox, synced);
            b.clearCookies();
            b.open(realm.authUrl("&acr_values=passkey-device-bound"));
            b.click(By.id("pkf-passkey-button"));
            b.waitForUrlStarting(TestRealm.REDIRECT);
            JsonNode token = Tokens.exchange(realm, b.driver.getCurrentUrl());
            assertEquals("passkey", token.get("acr").asText(), "a synced passkey stays at level 2");
        }
    }

    private String signalAuthenticator;

    private String authenticatorOf(Browser b) {
        return signalAuthenticator;
    }

    @Test
    void theSignalApiHearsWhichPasskeysTheAccountKeeps() {
        String email = newEmail();
        try (Browser b = new Browser()) {
            signalAuthenticator = b.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
            b.withoutConditionalMediation();
            b.recordSignalCalls();
            Flows.enrollFromAdminEmail(b, realm, mailbox, email);
            b.clearCookies();
            Flows.signInWithPasskeyButton(b, realm);
            b.open(KeycloakServer.URL + "/realms/" + realm.name + "/.well-known/openid-configuration");
            String calls = b.signalCalls();
            assertTrue(calls.contains("signalAllAcceptedCredentials"), calls);
            assertTrue(calls.contains("signalCurrentUserDetails") && calls.contains(email), calls);
            String credentialId = (String) b.credentials(authenticatorOf(b)).get(0).get("credentialId");
            assertTrue(calls.contains(credentialId.replace('+', '-').replace('/', '_').replace("=", "")), calls);
        }
    }

    @Test
    void keycloaksOwnPasswordlessStepAndAccountConsoleAcceptOurPasskey() {
        String email = newEmail();
        String stockClient = realm.addStockPasswordlessClient();

        try (Browser b = new Browser()) {
            b.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
            b.withoutConditionalMediation();
            Flows.enrollFromAdminEmail(b, realm, mailbox, email);
            String label = realm.resource.users().get(realm.user(email).getId()).credentials().get(0).getUserLabel();
            b.clearCookies();
            b.open(realm.authUrl().replace("client_id=" + TestRealm.CLIENT_ID, "client_id=" + stockClient));
            b.waitForPage("login-login-username");
            b.type(By.id("username"), email);
            b.click(By.id("kc-login"));
            b.waitForPage("login-webauthn-authenticate");
            b.click(By.id("authenticateWebAuthnButton"));
            b.waitForUrlStarting(TestRealm.REDIRECT);
            assertTrue(b.driver.getCurrentUrl().contains("code="));

            // the stock account console lists it under "Signing in"
            b.open(realm.accountUrl() + "/account-security/signing-in");
            b.waitForText(label);
            b.screenshot("account-console-passkeys");
        }
    }
}
