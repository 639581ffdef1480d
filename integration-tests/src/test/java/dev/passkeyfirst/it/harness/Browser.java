package dev.passkeyfirst.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One device: a headless Chromium (Debian's) with its own profile and cookies, and WebAuthn virtual
 * authenticators driven through the DevTools protocol, which also lets a test set the backup flags
 * (BE/BS) that decide synced versus device-bound.
 */
public final class Browser implements AutoCloseable {

    public final ChromeDriver driver;
    private final WebDriverWait wait;

    public Browser() {
        this("en");
    }

    public Browser(String language) {
        this(language, null);
    }

    /** @param userAgent another device's User-Agent (e.g. a phone's), or null for Chromium's own */
    public Browser(String language, String userAgent) {
        ChromeOptions o = new ChromeOptions();
        if (userAgent != null) o.addArguments("--user-agent=" + userAgent);
        o.setBinary(System.getProperty("pkf.chromium", "/usr/bin/chromium"));
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--window-size=1100,1000", "--lang=" + language);
        o.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File(System.getProperty("pkf.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, o);
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        // pages replace each other while a wait polls them
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        driver.executeCdpCommand("WebAuthn.enable", Map.of("enableUI", false));
    }

    /** A virtual authenticator; BE/BS are what a synced (true) or device-bound (false) passkey reports. */
    public String addAuthenticator(Authenticator kind) {
        Map<String, Object> options = new HashMap<>();
        options.put("protocol", "ctap2");
        options.put("ctap2Version", "ctap2_1");
        options.put("transport", kind.transport);
        options.put("hasResidentKey", kind.residentKey);
        options.put("hasUserVerification", true);
        options.put("isUserVerified", true);
        options.put("automaticPresenceSimulation", true);
        options.put("defaultBackupEligibility", kind.backupEligible);
        options.put("defaultBackupState", kind.backupEligible);
        Map<String, Object> r = driver.executeCdpCommand("WebAuthn.addVirtualAuthenticator", Map.of("options", options));
        return (String) r.get("authenticatorId");
    }

    public enum Authenticator {
        /** a synced platform passkey (iCloud Keychain, Google Password Manager) */
        SYNCED_PLATFORM("internal", true, true),
        /** a platform passkey that stays on the device (Windows Hello, a TPM) */
        DEVICE_BOUND_PLATFORM("internal", true, false),
        /** a phone reached through the browser's QR code (hybrid; "cable" to Chrome) */
        PHONE_HYBRID("cable", true, true),
        /** a USB security key that stores no account on the key */
        USB_SECURITY_KEY("usb", false, false),
        /** a USB security key with discoverable credentials */
        USB_RESIDENT_KEY("usb", true, false);

        final String transport;
        final boolean residentKey;
        final boolean backupEligible;

        Authenticator(String transport, boolean residentKey, boolean backupEligible) {
            this.transport = transport;
            this.residentKey = residentKey;
            this.backupEligible = backupEligible;
        }
    }

    /**
     * Puts a passkey made over HTTP into a virtual authenticator, as if this device had created it:
     * lets a browser test start from an account whose passkeys were set up without a browser.
     */
    public void importPasskey(String authenticatorId, dev.passkeyfirst.testsupport.SoftAuthenticator key, String rpId) {
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        Map<String, Object> credential = new HashMap<>();
        credential.put("credentialId", b64.encodeToString(key.credentialId));
        credential.put("isResidentCredential", true);
        credential.put("rpId", rpId);
        credential.put("privateKey", b64.encodeToString(key.keys.getPrivate().getEncoded()));
        credential.put("userHandle", b64.encodeToString(key.userHandle));
        credential.put("signCount", (int) key.counter);
        driver.executeCdpCommand("WebAuthn.addCredential", Map.of("authenticatorId", authenticatorId, "credential", credential));
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> credentials(String authenticatorId) {
        Map<String, Object> r = driver.executeCdpCommand("WebAuthn.getCredentials", Map.of("authenticatorId", authenticatorId));
        return (List<Map<String, Object>>) r.get("credentials");
    }

    public void clearCredentials(String authenticatorId) {
        driver.executeCdpCommand("WebAuthn.clearCredentials", Map.of("authenticatorId", authenticatorId));
    }

    public void setUserVerified(String authenticatorId, boolean verified) {
        driver.executeCdpCommand("WebAuthn.setUserVerified", Map.of("authenticatorId", authenticatorId, "isUserVerified", verified));
    }

    public void removeAuthenticator(String authenticatorId) {
        driver.executeCdpCommand("WebAuthn.removeVirtualAuthenticator", Map.of("authenticatorId", authenticatorId));
    }

    /**
     * Makes every page report no conditional mediation, as browsers without passkey autofill do.
     * Needed to click the passkey button at all: a virtual authenticator answers a conditional
     * request at once, as if the user had picked the passkey from the autofill list.
     */
    public void withoutConditionalMediation() {
        beforeEachPage("""
                if (window.PublicKeyCredential) {
                  PublicKeyCredential.isConditionalMediationAvailable = async () => false;
                  if (PublicKeyCredential.getClientCapabilities) {
                    const original = PublicKeyCredential.getClientCapabilities.bind(PublicKeyCredential);
                    PublicKeyCredential.getClientCapabilities = async () => Object.assign({}, await original(), { conditionalGet: false });
                  }
                }""");
    }

    /**
     * Makes every page's {@code getClientCapabilities()} report these values too (a JS object literal,
     * e.g. {@code {conditionalCreate: true}}), as a browser that has them would.
     */
    public void withClientCapabilities(String jsObject) {
        beforeEachPage("""
                if (window.PublicKeyCredential && PublicKeyCredential.getClientCapabilities) {
                  const reported = PublicKeyCredential.getClientCapabilities.bind(PublicKeyCredential);
                  PublicKeyCredential.getClientCapabilities = async () => Object.assign({}, await reported(), %s);
                }""".formatted(jsObject));
    }

    /** Runs {@code script} in every page before the page's own scripts (to stand in for a browser feature). */
    public void beforeEachPageScript(String script) {
        beforeEachPage(script);
    }

    /** Makes every page see a browser without WebAuthn at all. */
    public void withoutWebAuthn() {
        beforeEachPage("delete window.PublicKeyCredential;");
    }

    /** Makes every page see a browser without the Signal API (as the load driver and older browsers). */
    public void withoutSignalApi() {
        beforeEachPage("""
                if (window.PublicKeyCredential) {
                  delete PublicKeyCredential.signalAllAcceptedCredentials;
                  delete PublicKeyCredential.signalCurrentUserDetails;
                  delete PublicKeyCredential.signalUnknownCredential;
                }""");
    }

    /** Records every Signal API call the pages make into this origin's localStorage, then lets it through. */
    public void recordSignalCalls() {
        beforeEachPage("""
                if (window.PublicKeyCredential) {
                  for (const name of ["signalAllAcceptedCredentials", "signalCurrentUserDetails", "signalUnknownCredential"]) {
                    const original = PublicKeyCredential[name];
                    if (typeof original !== "function") continue;
                    PublicKeyCredential[name] = function (options) {
                      const log = JSON.parse(localStorage.getItem("pkf-signal-log") || "[]");
                      log.push({ name, options });
                      localStorage.setItem("pkf-signal-log", JSON.stringify(log));
                      return original.call(PublicKeyCredential, options);
                    };
                  }
                }""");
    }

    public String signalCalls() {
        Object log = driver.executeScript("return localStorage.getItem('pkf-signal-log') || '[]';");
        return String.valueOf(log);
    }

    public void waitUntil(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
        wait.until(condition);
    }

    public void waitForText(String text) {
        try {
            wait.until(d -> {
                try {
                    return d.findElement(By.tagName("body")).getText().contains(text);
                } catch (org.openqa.selenium.WebDriverException replaced) {
                    // a script page (the admin console) replaced the node while it was read: look again
                    return false;
                }
            });
        } catch (RuntimeException e) {
            throw new AssertionError("no text '" + text + "' at " + driver.getCurrentUrl() + ":\n" + bodyText(), e);
        }
    }

    private void beforeEachPage(String script) {
        driver.executeCdpCommand("Page.enable", Map.of());
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
    }

    public void open(String url) {
        driver.get(url);
    }

    public String pageId() {
        return driver.findElement(By.tagName("body")).getAttribute("data-page-id");
    }

    public void waitForPage(String pageId) {
        try {
            wait.until(d -> pageId.equals(((org.openqa.selenium.JavascriptExecutor) d)
                    .executeScript("return document.readyState === 'complete' && document.body ? document.body.dataset.pageId : null;")));
        } catch (RuntimeException e) {
            throw new AssertionError("expected page " + pageId + " but was " + safePageId() + " at " + driver.getCurrentUrl()
                    + "\n" + driver.findElement(By.tagName("body")).getText(), e);
        }
        Accessibility.check(driver, Accessibility.keyOf(driver));
    }

    private String safePageId() {
        try {
            return pageId();
        } catch (RuntimeException e) {
            return "(none)";
        }
    }

    public void waitForUrlStarting(String prefix) {
        try {
            wait.until(d -> d.getCurrentUrl().startsWith(prefix));
        } catch (RuntimeException e) {
            throw new AssertionError("expected a URL starting " + prefix + " but at " + driver.getCurrentUrl()
                    + " page " + safePageId() + "\n" + driver.findElement(By.tagName("body")).getText(), e);
        }
    }

    public WebElement waitClickable(By by) {
        return wait.until(ExpectedConditions.elementToBeClickable(by));
    }

    public void click(By by) {
        waitClickable(by).click();
    }

    public void type(By by, String text) {
        WebElement e = waitClickable(by);
        e.clear();
        e.sendKeys(text);
    }

    public String text(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by)).getText();
    }

    public String errorMessage() {
        return text(By.cssSelector(".kc-feedback-text, #input-error, .alert-error, .pf-m-danger"));
    }

    public String bodyText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /**
     * Sends this header with every request the browser makes from now on, page loads and scripts' fetches
     * alike; it replaces the header set before. The cluster tests pick the node that serves the
     * browser with it, while the address bar, cookies and WebAuthn origin stay the public ones.
     */
    public void setExtraHeader(String name, String value) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of(name, value)));
    }

    /** Forgets every cookie: the browser is signed out everywhere, its passkeys stay. */
    public void clearCookies() {
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
    }

    public Path screenshot(String name) {
        // a state worth a picture is worth an accessibility check
        Accessibility.check(driver, Accessibility.keyOf(driver));
        try {
            Path dir = Path.of(System.getProperty("pkf.shots", "target/screenshots"));
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
