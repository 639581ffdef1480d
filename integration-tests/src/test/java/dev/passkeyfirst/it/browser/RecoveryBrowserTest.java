package dev.passkeyfirst.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.passkeyfirst.it.harness.Browser;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.mailbox.Mailbox;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.openqa.selenium.By;

/** A user who lost their device gets back in with a new passkey, never a password. */
class RecoveryBrowserTest extends ServerTest {

    private int users;

    @Override
    protected TestRealm createRealm() {
        TestRealm r = TestRealm.create(server, mailbox.smtpPort());
        r.allowAdminAttributes();
        return r;
    }

    private String newEmail() {
        return "lost" + (++users) + "@example.org";
    }

    /** The user's first device: enrolled, then lost (the browser closes with its passkey). */
    private String userWithLostDevice(String email) {
        try (Browser old = new Browser()) {
            old.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
            Flows.enrollFromAdminEmail(old, realm, mailbox, email);
        }
        return realm.user(email).getId();
    }

    private String askForLink(Browser b, String email) {
        b.open(realm.authUrl());
        b.waitForPage(Pages.SIGN_IN);
        mailbox.purge();
        b.click(By.id("pkf-lost-device"));
        b.waitForPage(Pages.RECOVERY);
        b.type(By.id("identifier"), email);
        b.click(By.id("pkf-identify-submit"));
        b.waitForText("If an account exists for " + email);
        Mailbox.Mail mail = mailbox.await(m -> m.to().contains(email) && m.subject().contains("Recover your"), Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no recovery email"));
        return mail.links().stream().filter(l -> l.contains("/passkey-first/recover/")).findFirst().orElseThrow();
    }

    private String smsCodeFromLog(int fromLine, String phoneTail) {
        Pattern p = Pattern.compile("DEMO SMS .* to [^:]*" + phoneTail + ": .*?(\\d{6})");
        for (int i = 0; i < 50; i++) {
            for (String line : server.logLinesSince(fromLine)) {
                Matcher m = p.matcher(line);
                if (m.find()) return m.group(1);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("no SMS in the log");
    }

    @Test
    void emailLinkAndSmsEndInANewPasskeyAndTheLostOneIsRemoved() {
        String email = newEmail();
        String userId = userWithLostDevice(email);
        realm.setPhone(userId, "+15550001234");
        try (Browser b = new Browser()) {
            b.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
            b.withoutConditionalMediation();
            String link = askForLink(b, email);
            b.screenshot("docs-recovery-sent");
            b.open(link);
            b.waitForPage(Pages.RECOVERY_LINK);
            b.click(By.id("pkf-link-continue"));
            b.waitForPage(Pages.RECOVER);
            // the phone is revealed, masked, only now that one proof is given
            assertTrue(b.text(By.id("pkf-method-sms")).contains("***34"));
            int mark = server.logLineCount();
            b.click(By.id("pkf-method-sms"));
            b.type(By.id("pkf-otp"), smsCodeFromLog(mark, "1234"));
            b.click(By.id("pkf-otp-submit"));
            b.waitClickable(By.id("pkf-create-button"));
            b.screenshot("docs-recovery-create");
            b.click(By.id("pkf-create-button"));
            b.waitForText("Your account is recovered");
            b.screenshot("docs-recovery-review");
            b.click(By.cssSelector("input[name=remove]"));
            b.click(By.id("pkf-review-done"));
            b.waitForPage(Pages.RECOVERED);

            List<CredentialRepresentation> keys = realm.resource.users().get(userId).credentials();
            assertEquals(1, keys.size(), "the lost passkey was removed, the new one is there");
            assertTrue(mailbox.await(m -> m.to().contains(email) && m.subject().contains("was recovered"), Duration.ofSeconds(20)).isPresent());

            b.clearCookies();
            Flows.signInWithPasskeyButton(b, realm);
        }
    }

    @Test
    void aSingleProofWaitsAndAnExistingDeviceCanCancel() {
        String email = newEmail();
        String userId;
        try (Browser owner = new Browser()) {
            owner.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
            owner.withoutConditionalMediation();
            Flows.enrollFromAdminEmail(owner, realm, mailbox, email);
            userId = realm.user(email).getId();
            try (Browser thief = new Browser()) {
                thief.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
                String link = askForLink(thief, email);
                thief.open(link);
                thief.waitForPage(Pages.RECOVERY_LINK);
                thief.click(By.id("pkf-link-continue"));
                thief.waitForPage(Pages.RECOVER);
                thief.waitForText("will start to work");
                thief.click(By.id("pkf-create-button"));
                thief.waitForText("Your new passkey will work from");
                thief.screenshot("docs-recovery-waiting");
            }
            assertEquals(1, realm.resource.users().get(userId).credentials().size(), "nothing works yet");
            // the owner still has a device: signing in with it offers to cancel
            owner.clearCookies();
            owner.open(realm.authUrl());
            owner.click(By.id("pkf-passkey-button"));
            owner.waitForPage(Pages.RECOVERY_PENDING);
            owner.screenshot("docs-recovery-pending-owner");
            owner.click(By.id("pkf-recovery-cancel"));
            owner.waitForUrlStarting(TestRealm.REDIRECT);
        }
        // frozen, and since when: only a passkey older than the freeze lifts it
        long frozenAt = Long.parseLong(realm.resource.users().get(userId).toRepresentation().getAttributes().get("pkf.recoveryFrozen").get(0));
        assertTrue(Math.abs(System.currentTimeMillis() - frozenAt) < 600_000, "frozen just now: " + frozenAt);
        // a frozen account gets no more recovery links
        try (Browser again = new Browser()) {
            again.open(realm.authUrl());
            mailbox.purge();
            again.click(By.id("pkf-lost-device"));
            again.type(By.id("identifier"), email);
            again.click(By.id("pkf-identify-submit"));
            again.waitForText("If an account exists for " + email);
            assertFalse(mailbox.await(m -> m.to().contains(email), Duration.ofSeconds(3)).isPresent());
        }
    }

    @Test
    void anEmailSignInLinkWorksOnlyInTheBrowserThatAskedForIt() {
        String email = newEmail();
        realm.createUser(email);
        String link;
        try (Browser asking = new Browser(); Browser other = new Browser()) {
            asking.open(realm.authUrl());
            asking.waitForPage(Pages.SIGN_IN);
            mailbox.purge();
            asking.click(By.id("pkf-sign-in-link"));
            asking.waitForPage(Pages.RECOVERY);
            asking.waitForText("Sign in with an email link");
            asking.type(By.id("identifier"), email);
            asking.click(By.id("pkf-identify-submit"));
            asking.waitForText("If " + email + " can sign in with an email link");
            asking.screenshot("docs-sign-in-link-sent");
            link = mailbox.await(m -> m.to().contains(email) && m.subject().contains("Your sign-in link"), Duration.ofSeconds(20))
                    .orElseThrow(() -> new AssertionError("no sign-in link")).links().stream()
                    .filter(l -> l.contains("/passkey-first/sign-in/")).findFirst().orElseThrow();

            // forwarded to, or phished into, another browser: it does nothing there
            other.open(link);
            other.waitForText("works only in the browser where it was asked for");
            other.screenshot("docs-sign-in-link-other-browser");

            asking.open(link);
            asking.waitForPage(Pages.SIGN_IN_LINK);
            asking.screenshot("docs-sign-in-link-confirm");
            asking.click(By.id("pkf-link-continue"));
            asking.waitForUrlStarting(TestRealm.REDIRECT);
        }
    }
}
