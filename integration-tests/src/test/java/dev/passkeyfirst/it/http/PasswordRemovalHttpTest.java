package dev.passkeyfirst.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;

/**
 * Issue 18, items 4-6: "Remove my password" on the passkeys page, only after a fresh passkey sign-in,
 * never from a fallback session, only while the account keeps a way in (two passkeys, or one and a
 * way back in); recovery codes made by the user; the readiness hint counting ways back in.
 */
class PasswordRemovalHttpTest extends ServerTest {

    static final String PASSWORD = "Correct-Horse-7";
    private int users;

    private record Account(String email, String id, SoftAuthenticator key) {
    }

    /** A user with a password, a verified email and one passkey. */
    private Account account(TestRealm r) {
        String email = "rm" + (++users) + "-" + System.nanoTime() % 100000 + "@example.org";
        String id = r.createUser(email);
        r.setPassword(id, PASSWORD);
        SoftAuthenticator key = new SoftAuthenticator();
        assertTrue(HttpFlows.register(r, mailbox, id, email, key).status() < 400);
        return new Account(email, id, key);
    }

    private static WebClient.Page passkeysPage(WebClient client, TestRealm r, SoftAuthenticator key) {
        WebClient.Page login = client.get(r.authUrl("&kc_action=" + ProviderIds.PASSKEYS));
        WebClient.Page page = client.post(login.formAction("pkf-assertion-form"), key.get(HttpFlows.rpId(login), HttpFlows.ORIGIN, HttpFlows.challenge(login)));
        assertEquals(Pages.id(Pages.PASSKEYS), page.pageId(), page.body());
        return page;
    }

    private static boolean hasPassword(TestRealm r, String id) {
        return r.resource.users().get(id).credentials().stream().anyMatch(c -> c.getType().equals("password"));
    }

    /** The confirmed removal, posted straight away whatever the page offered (what an attacker would send). */
    private static WebClient.Page removeConfirmed(WebClient client, WebClient.Page page) {
        return client.post(actionOf(page), Map.of("pkf.removePasswordConfirmed", "1"));
    }

    /** Where the page's forms post (every form of a required action posts to the same action URL). */
    private static String actionOf(WebClient.Page page) {
        return page.doc().selectFirst("form[action]").absUrl("action");
    }

    @Test
    void onePasskeyAndAVerifiedEmailLetThePasswordGoAndTheOwnerIsTold() {
        Account a = account(realm);
        WebClient client = new WebClient();
        WebClient.Page page = passkeysPage(client, realm, a.key());
        assertNotNull(page.doc().getElementById("pkf-remove-password"), page.body());
        assertNotNull(page.doc().selectFirst("[data-pkf-way=EMAIL]"), "the verified email counts as a way back in");
        WebClient.Page confirm = client.post(actionOf(page), Map.of("pkf.removePassword", "1"));
        assertNotNull(confirm.doc().getElementById("pkf-remove-password-confirmed"), confirm.body());
        assertTrue(hasPassword(realm, a.id()), "nothing happens before the confirmation");
        mailbox.purge();
        WebClient.Page done = client.post(actionOf(confirm), Map.of("pkf.removePasswordConfirmed", "1"));
        assertEquals(Pages.id(Pages.PASSKEYS), done.pageId(), done.body());
        assertFalse(hasPassword(realm, a.id()));
        assertTrue(mailbox.await(m -> m.to().contains(a.email()) && m.subject().contains("password"), Duration.ofSeconds(20)).isPresent());
        assertNull(done.doc().getElementById("pkf-remove-password"), "nothing left to remove");

        // even where every password is accepted, a passkey-only account is asked for none
        WebClient other = new WebClient();
        WebClient.Page login = other.get(realm.authUrl());
        WebClient.Page step = other.post(login.formAction("pkf-username-form"), Map.of("username", a.email()));
        assertNull(step.doc().getElementById("pkf-password-form"));
    }

    @Test
    void onePasskeyAndNoWayBackKeepThePasswordUntilRecoveryCodesExist() {
        // a realm whose recovery takes no email proof: the verified email is no way back in there
        try (TestRealm r = TestRealm.create(server, mailbox.smtpPort(), rep -> rep.getAuthenticatorConfig().stream()
                .filter(c -> c.getAlias().equals(ProviderIds.RECOVERY)).forEach(c -> {
                    Map<String, String> m = new HashMap<>(c.getConfig());
                    m.put("pkf.proofEmail", "false");
                    c.setConfig(m);
                }))) {
            noWayBackUntilRecoveryCodes(r);
        }
    }

    private void noWayBackUntilRecoveryCodes(TestRealm realm) {
        Account a = account(realm);
        WebClient client = new WebClient();
        WebClient.Page page = passkeysPage(client, realm, a.key());
        assertNull(page.doc().getElementById("pkf-remove-password"));
        assertEquals("pkf-password-blocked", page.doc().getElementById("pkf-password-blocked").id());
        assertTrue(page.doc().getElementById("pkf-hint").text().contains("no way back in"), page.doc().getElementById("pkf-hint").text());
        WebClient.Page forged = removeConfirmed(client, page);
        assertTrue(forged.status() < 500, forged.body());
        assertTrue(hasPassword(realm, a.id()), "one passkey and no way back in: the password stays");

        // recovery codes, shown once
        WebClient.Page codes = client.post(actionOf(forged), Map.of("pkf.codes", "1"));
        assertEquals(Pages.id(Pages.RECOVERY_CODES), codes.pageId(), codes.body());
        List<String> shown = codes.doc().select("#pkf-codes-list code").eachText();
        assertEquals(12, shown.size(), codes.body());
        String setId = codesCredential(realm, a.id());
        assertNotNull(setId);
        WebClient.Page back = client.post(actionOf(codes), Map.of("pkf.codesSaved", "1"));
        assertEquals(Pages.id(Pages.PASSKEYS), back.pageId(), back.body());
        assertNotNull(back.doc().selectFirst("[data-pkf-way=RECOVERY_CODES]"));
        assertNotNull(back.doc().getElementById("pkf-remove-password"), "one passkey and recovery codes: the password may go");
        // renewing replaces the set
        client.post(actionOf(back), Map.of("pkf.codes", "1"));
        assertNotEquals(setId, codesCredential(realm, a.id()));
        assertEquals(1, realm.resource.users().get(a.id()).credentials().stream().filter(c -> c.getType().equals("recovery-authn-codes")).count());
    }

    private static String codesCredential(TestRealm realm, String userId) {
        return realm.resource.users().get(userId).credentials().stream().filter(c -> c.getType().equals("recovery-authn-codes"))
                .map(CredentialRepresentation::getId).findFirst().orElse(null);
    }

    @Test
    void aPasswordSessionCannotRemoveThePassword() {
        // "always": an account with a passkey and a password may still sign in with the password
        try (TestRealm r = TestRealm.create(server, mailbox.smtpPort(), rep -> rep.getAuthenticatorConfig().stream()
                .filter(c -> c.getAlias().equals(ProviderIds.PASSKEY_LOGIN)).forEach(c -> {
                    Map<String, String> m = new HashMap<>(c.getConfig());
                    m.put("pkf.passwordAccepted", "always");
                    c.setConfig(m);
                }))) {
            Account a = account(r);
            WebClient client = new WebClient();
            WebClient.Page login = client.get(r.authUrl("&kc_action=" + ProviderIds.PASSKEYS));
            WebClient.Page step = client.post(login.formAction("pkf-username-form"), Map.of("username", a.email()));
            WebClient.Page page = client.post(step.formAction("pkf-password-form"), Map.of("password", PASSWORD, "pkf.caps", ""));
            assertEquals(Pages.id(Pages.PASSKEYS), page.pageId(), page.body());
            assertNull(page.doc().getElementById("pkf-remove-password"), "a password session removes no password");
            WebClient.Page forged = removeConfirmed(client, page);
            assertTrue(forged.status() < 500, forged.body());
            assertTrue(hasPassword(r, a.id()));
        }
    }

    @Test
    void aStalePasskeySignInCannotRemoveThePassword() throws Exception {
        try (TestRealm r = TestRealm.create(server, mailbox.smtpPort(), rep -> rep.getRequiredActions().stream()
                .filter(x -> x.getAlias().equals(ProviderIds.PASSKEYS)).forEach(x -> {
                    Map<String, String> c = new HashMap<>(x.getConfig() == null ? Map.of() : x.getConfig());
                    c.put("max_auth_age", "2");
                    x.setConfig(c);
                }))) {
            Account a = account(r);
            WebClient client = new WebClient();
            WebClient.Page page = passkeysPage(client, r, a.key());
            Thread.sleep(3500);
            WebClient.Page late = removeConfirmed(client, page);
            assertTrue(late.status() < 500, late.body());
            assertTrue(hasPassword(r, a.id()), "the passkey sign-in is older than the maximum age");
        }
    }

    @Test
    void aFallbackSessionCannotRemoveThePasswordNorMakeRecoveryCodes() {
        try (TestRealm r = TestRealm.create(server, mailbox.smtpPort(), rep -> rep.getAuthenticatorConfig().stream()
                .filter(c -> c.getAlias().equals(ProviderIds.RECOVERY)).forEach(c -> {
                    Map<String, String> m = new HashMap<>(c.getConfig());
                    m.put("pkf.signInLinkWithPasskey", "true");
                    c.setConfig(m);
                }))) {
            Account a = account(r);
            WebClient browser = new WebClient();
            assertTrue(HttpFlows.signedIn(HttpFlows.signInByLink(browser, r, mailbox, a.email())));
            // the session's kc_action asks for a passkey first (the fallback guard); what it posts instead changes nothing
            WebClient.Page page = browser.get(r.authUrl("&kc_action=" + ProviderIds.PASSKEYS));
            assertEquals(Pages.id(Pages.LOGIN_PASSKEY), page.pageId(), page.body());
            removeConfirmed(browser, page);
            browser.post(actionOf(page), Map.of("pkf.codes", "1"));
            assertTrue(hasPassword(r, a.id()), "a fallback session changes nothing");
            assertTrue(r.resource.users().get(a.id()).credentials().stream().noneMatch(c -> c.getType().equals("recovery-authn-codes")));
        }
    }
}
