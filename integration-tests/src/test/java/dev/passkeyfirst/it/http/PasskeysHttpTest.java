package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;

/**
 * "Your passkeys" attacked over HTTP: forged and foreign ids, bad names, the last passkey, two
 * removals at once, and the sessions a removed passkey signed in.
 */
class PasskeysHttpTest extends ServerTest {

    private static final String PAGE = Pages.id(Pages.PASSKEYS);

    private int users;

    /** A user with two software passkeys, "first" and "second". */
    private final class Account {
        final String email = "keys" + (++users) + "@example.org";
        final String userId = realm.createUser(email);
        final SoftAuthenticator first = new SoftAuthenticator();
        final SoftAuthenticator second = new SoftAuthenticator();

        Account() {
            WebClient client = new WebClient();
            WebClient.Page create = HttpFlows.createPage(client, realm, mailbox, userId, email);
            assertTrue(client.post(create.formAction("pkf-create-form"), HttpFlows.attestation(create, first, "first")).status() < 400);
            assertTrue(HttpFlows.addPasskey(realm, first, second, "second").status() < 400);
            assertEquals(2, passkeys().size());
        }

        /** The passkeys page in a fresh browser, signed in with {@code key}. */
        Session open(SoftAuthenticator key) {
            WebClient client = new WebClient();
            WebClient.Page login = client.get(realm.authUrl("&kc_action=" + ProviderIds.PASSKEYS));
            WebClient.Page page = client.post(login.formAction("pkf-assertion-form"),
                    key.get(HttpFlows.rpId(login), HttpFlows.ORIGIN, HttpFlows.challenge(login)));
            assertEquals(PAGE, page.pageId(), page.body());
            return new Session(client, page);
        }

        List<CredentialRepresentation> passkeys() {
            return realm.resource.users().get(userId).credentials().stream()
                    .filter(c -> "webauthn-passwordless".equals(c.getType())).toList();
        }

        String idOf(String label) {
            return passkeys().stream().filter(c -> label.equals(c.getUserLabel())).findFirst().orElseThrow().getId();
        }
    }

    private static final class Session {
        final WebClient client;
        WebClient.Page page;

        Session(WebClient client, WebClient.Page page) {
            this.client = client;
            this.page = page;
        }

        WebClient.Page post(Map<String, String> form) {
            page = client.post(page.doc().selectFirst("form[action*=login-actions]").absUrl("action"), form);
            return page;
        }
    }

    @Test
    void theListShowsEachPasskeyAndWhichOneSignedThisSessionIn() {
        Account a = new Account();
        Session s = a.open(a.first);
        List<Element> rows = s.page.doc().select("li.pkf-passkey");
        assertEquals(2, rows.size(), s.page.body());
        Element first = rows.stream().filter(r -> r.attr("data-pkf-id").equals(a.idOf("first"))).findFirst().orElseThrow();
        assertTrue(first.text().contains("Used for this sign-in"), first.text());
        assertTrue(first.selectFirst(".pkf-sync").text().startsWith("Synced") || first.selectFirst(".pkf-sync").text().startsWith("Can be synced")
                || first.selectFirst(".pkf-sync").text().startsWith("On one device"), first.text());
        assertTrue(first.selectFirst(".pkf-last-used").text().contains("Chrome"), first.text());
        Element second = rows.stream().filter(r -> r.attr("data-pkf-id").equals(a.idOf("second"))).findFirst().orElseThrow();
        assertFalse(second.text().contains("Used for this sign-in"), second.text());
        assertTrue(second.selectFirst(".pkf-last-used").text().contains("Not used"), second.text());
    }

    @Test
    void renamingChecksTheNameAndTheOwner() {
        Account a = new Account();
        Account stranger = new Account();
        Session s = a.open(a.first);
        String id = a.idOf("second");

        s.post(Map.of("pkf.rename", id, "pkf.label", "  Work laptop \u0000 "));
        assertTrue(s.page.body().contains("The passkey was renamed"), s.page.body());
        assertTrue(a.passkeys().stream().anyMatch(c -> "Work laptop".equals(c.getUserLabel())));

        s.post(Map.of("pkf.rename", id, "pkf.label", " \t "));
        assertEquals("Enter a name for the passkey.", s.page.error());
        s.post(Map.of("pkf.rename", id, "pkf.label", "first"));
        assertTrue(s.page.error().contains("has that name"), s.page.error());
        s.post(Map.of("pkf.rename", stranger.idOf("first"), "pkf.label", "mine now"));
        assertEquals("That passkey is not on your account.", s.page.error());
        s.post(Map.of("pkf.rename", "", "pkf.label", "x"));
        assertEquals("That passkey is not on your account.", s.page.error());
        assertTrue(s.page.status() < 500);
        assertEquals(List.of("first", "second"), stranger.passkeys().stream().map(CredentialRepresentation::getUserLabel).sorted().toList());
        assertEquals(List.of("Work laptop", "first"), a.passkeys().stream().map(CredentialRepresentation::getUserLabel).sorted().toList());
    }

    @Test
    void removingAsksFirstEndsTheSessionsItSignedInAndNeverTheLastPasskey() {
        Account a = new Account();
        // a session elsewhere, signed in with the passkey about to be removed
        WebClient elsewhere = new WebClient();
        assertTrue(HttpFlows.signedIn(HttpFlows.signIn(elsewhere, realm, a.second)));
        assertTrue(HttpFlows.signedIn(elsewhere.get(realm.authUrl())), "signed in elsewhere by cookie");

        Session s = a.open(a.first);
        String second = a.idOf("second");
        assertTrue(s.page.body().contains("Sign out its other sessions (1)"), s.page.body());
        s.post(Map.of("pkf.remove", second));
        assertTrue(s.page.doc().selectFirst("#pkf-confirm-text").text().contains("second"), s.page.body());
        assertEquals(2, a.passkeys().size(), "nothing removed before the confirmation");

        s.post(Map.of("pkf.removeConfirmed", second));
        assertTrue(s.page.body().contains("The passkey was removed"), s.page.body());
        assertEquals(List.of("first"), a.passkeys().stream().map(CredentialRepresentation::getUserLabel).toList());
        // the browser is told which passkeys remain, so its provider can hide the removed one
        String signal = s.page.doc().getElementById("pkf-signal-data").data();
        assertTrue(signal.contains("allAcceptedCredentialIds") && !signal.contains(a.second.credentialIdB64()), signal);
        assertFalse(HttpFlows.signedIn(elsewhere.get(realm.authUrl())), "the session the removed passkey signed in has ended");
        assertTrue(HttpFlows.signedIn(HttpFlows.signIn(new WebClient(), realm, a.first)), "the kept passkey still signs in");
        var notice = mailbox.await(m -> m.to().contains(a.email) && m.subject().contains("A passkey was removed"), java.time.Duration.ofSeconds(20));
        assertTrue(notice.isPresent(), "the owner is told of the removal");
        assertTrue(notice.get().text().contains("second") && notice.get().text().contains("Chrome"), notice.get().text());

        s.post(Map.of("pkf.removeConfirmed", a.idOf("first")));
        assertTrue(s.page.error().contains("only passkey"), s.page.body());
        assertEquals(1, a.passkeys().size());
    }

    @Test
    void anotherUsersPasskeyCannotBeRemoved() {
        Account a = new Account();
        Account stranger = new Account();
        Session s = a.open(a.first);
        s.post(Map.of("pkf.removeConfirmed", stranger.idOf("second")));
        assertEquals("That passkey is not on your account.", s.page.error());
        s.post(Map.of("pkf.signOut", "../../" + stranger.idOf("first")));
        assertEquals("That passkey is not on your account.", s.page.error());
        assertEquals(2, stranger.passkeys().size());
        assertEquals(2, a.passkeys().size());
    }

    @Test
    void twoRemovalsAtOnceNeverLeaveTheAccountWithoutAPasskey() throws Exception {
        for (int round = 0; round < 3; round++) {
            Account a = new Account();
            // two browsers of the same user, each removing the passkey the other one keeps
            List<Session> sessions = List.of(a.open(a.first), a.open(a.first));
            List<String> ids = List.of(a.idOf("first"), a.idOf("second"));
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<WebClient.Page>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Session s = sessions.get(i);
                String action = s.page.doc().selectFirst("form[action*=login-actions]").absUrl("action");
                String id = ids.get(i);
                results.add(pool.submit(() -> {
                    go.await();
                    return s.client.post(action, Map.of("pkf.removeConfirmed", id));
                }));
            }
            go.countDown();
            for (Future<WebClient.Page> f : results) assertTrue(f.get().status() < 500, f.get().body());
            pool.shutdown();
            assertEquals(1, a.passkeys().size(), "round " + round);
        }
    }

    @Test
    void aPasskeyDeletedThroughTheStockAccountConsoleIsNotifiedToo() {
        Account a = new Account();
        String second = a.idOf("second");
        mailbox.purge();
        // the account console's "Delete" is Keycloak's own delete_credential action
        WebClient client = new WebClient();
        WebClient.Page login = client.get(realm.authUrl("&kc_action=delete_credential:" + second));
        WebClient.Page confirm = client.post(login.formAction("pkf-assertion-form"),
                a.first.get(HttpFlows.rpId(login), HttpFlows.ORIGIN, HttpFlows.challenge(login)));
        assertEquals("login-delete-credential", confirm.pageId(), confirm.body());
        WebClient.Page done = client.post(confirm.doc().selectFirst("form[action*=login-actions]").absUrl("action"), Map.of("accept", ""));
        assertTrue(done.status() < 400, done.body());
        assertEquals(List.of("first"), a.passkeys().stream().map(CredentialRepresentation::getUserLabel).toList());
        var notice = mailbox.await(m -> m.to().contains(a.email) && m.subject().contains("A passkey was removed"), java.time.Duration.ofSeconds(20));
        assertTrue(notice.isPresent(), "the owner is told of a removal made outside our page");
        assertTrue(notice.get().text().contains("second"), notice.get().text());
    }
}
