package dev.passkeyfirst.it.http;

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

import dev.passkeyfirst.it.harness.ServerLog;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;

/**
 * Issue 16, finding 14: four identical submits at once from one browser (one authentication-session
 * cookie), as a double-clicking user or an impatient script sends them. Seen from outside: a losing
 * request re-rendered {@code pkf-login.ftl} with a message whose summary was missing
 * ({@code InvalidReferenceException: message.summary}, via {@code PasskeyLoginAuthenticator.startPage})
 * and answered 500. Required: exactly one sign-in, every other request a translated page (or a 4xx),
 * never a 5xx, and no ERROR or stack trace in the server log but Keycloak's own warning for its tab
 * race ({@link ServerLog}). A race, so each case runs several rounds.
 */
class SignInRaceTest extends ServerTest {

    private static final int PARALLEL = 4;
    private static final int ROUNDS = 12;

    private String userId;
    private String email;
    private SoftAuthenticator passkey;

    @BeforeAll
    void registerPasskey() {
        email = "racer@example.org";
        userId = realm.createUser(email);
        passkey = new SoftAuthenticator();
        WebClient.Page done = HttpFlows.register(realm, mailbox, userId, email, passkey);
        assertTrue(done.status() < 400, done.body());
    }

    @Test
    void fourIdenticalPasskeyButtonAssertionsSignInOnce() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            int mark = server.logLineCount();
            WebClient client = new WebClient();
            WebClient.Page login = client.get(realm.authUrl());
            assertEquals(Pages.id(Pages.LOGIN), login.pageId(), login.body());
            Map<String, String> form = passkey.get(HttpFlows.rpId(login), login.origin(), HttpFlows.challenge(login));
            List<Answer> answers = race(client, login.formAction("pkf-assertion-form"), form);
            assertOneSignInOthersTranslated("button, round " + round, answers);
            assertNoErrorLoggedSince(mark, "button, round " + round);
        }
    }

    @Test
    void fourIdenticalUsernameFirstAssertionsSignInOnce() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            int mark = server.logLineCount();
            WebClient client = new WebClient();
            WebClient.Page login = client.get(realm.authUrl());
            WebClient.Page step = client.post(login.formAction("pkf-username-form"), Map.of("username", email));
            assertEquals(Pages.id(Pages.LOGIN_PASSKEY), step.pageId(), step.body());
            Map<String, String> form = passkey.get(HttpFlows.rpId(step), step.origin(), HttpFlows.challenge(step));
            form.put("pkf.mode", "username");
            List<Answer> answers = race(client, step.formAction("pkf-assertion-form"), form);
            assertOneSignInOthersTranslated("username first, round " + round, answers);
            assertNoErrorLoggedSince(mark, "username first, round " + round);
        }
    }

    /**
     * Never two credentials. Usually one: the page comes from an admin's execute-actions email, and
     * Keycloak itself can lose the winner there (another of the four requests finishes the tab's
     * flow first and spends the action token, so the winner's request ends on Keycloak's "action
     * expired" page and its transaction, passkey included, is rolled back: a Keycloak race listed
     * in the README's known limits). So every round stores at most one, and a third of the rounds at least store one.
     */
    @Test
    void fourIdenticalAttestationsStoreOneCredential() throws Exception {
        int storedOne = 0;
        for (int round = 0; round < ROUNDS; round++) {
            int mark = server.logLineCount();
            String maker = "maker" + round + "@example.org";
            String id = realm.createUser(maker);
            WebClient client = new WebClient();
            WebClient.Page page = HttpFlows.createPage(client, realm, mailbox, id, maker);
            Map<String, String> form = HttpFlows.attestation(page, new SoftAuthenticator(), "race " + round);
            List<Answer> answers = race(client, page.formAction("pkf-create-form"), form);
            String summary = "create, round " + round + ": " + answers.stream().map(Answer::describe).toList();
            for (Answer a : answers) {
                assertTrue(a.post().status() < 500, summary + "\n" + a.post().body());
                assertTrue(a.end().status() < 500, summary + "\n" + a.end().body());
                if (a.end().status() == 200) assertTranslatedPage(summary, a.end());
            }
            List<CredentialRepresentation> stored = realm.resource.users().get(id).credentials();
            assertTrue(stored.size() <= 1, "at most one credential from " + PARALLEL + " identical posts; " + summary);
            if (stored.size() == 1) storedOne++;
            else assertTrue(answers.stream().anyMatch(a -> "login-info".equals(a.end().pageId())),
                    "no credential, and no request finished the tab's flow before the winner: not Keycloak's race; " + summary);
            assertNoErrorLoggedSince(mark, "create, round " + round);
        }
        assertTrue(storedOne >= ROUNDS / 3, "one credential in only " + storedOne + " of " + ROUNDS + " rounds");
    }

    /** What one of the racing requests got: the answer to its POST, and where a browser following it ended. */
    private record Answer(WebClient.Page post, WebClient.Page end) {
        String describe() {
            return post.status() + (post != end ? " -> " + end.status() : "") + " "
                    + (end.status() == 302 ? end.location().replaceAll("code=[^&]+", "code=…") : end.pageId());
        }
    }

    /**
     * Posts one form {@link #PARALLEL} times at once from the same browser; a redirect back into
     * Keycloak is followed at once, as a browser does (where the 500 of finding 14 was seen: the
     * followers re-render the sign-in page concurrently); a redirect to the application is the answer.
     */
    private static List<Answer> race(WebClient client, String action, Map<String, String> form) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Answer>> results = new ArrayList<>();
            for (int i = 0; i < PARALLEL; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    WebClient.Page p = client.postNoFollow(action, form);
                    if ((p.status() == 302 || p.status() == 303) && p.location().startsWith(HttpFlows.ORIGIN)) {
                        return new Answer(p, client.get(p.location()));
                    }
                    return new Answer(p, p);
                }));
            }
            go.countDown();
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> f : results) answers.add(f.get());
            return answers;
        } finally {
            pool.shutdown();
        }
    }

    /**
     * One sign-in: every code the browser ends with belongs to one user session (a loser that
     * follows Keycloak's redirect after the winner finished is let in by the new session's cookie,
     * as any later page of that browser would be), and at most one POST is answered with a code
     * itself. Keycloak keeps one authentication session object per tab and its own checks of a
     * racing request can touch it, so the code sometimes comes at the end of a redirect instead of
     * in the winning POST's answer (README, known limits). Every other answer is a 4xx or a
     * translated page; none is a 5xx.
     */
    private static void assertOneSignInOthersTranslated(String what, List<Answer> answers) {
        String summary = what + ": " + answers.stream().map(Answer::describe).toList();
        int codesFromPosts = 0;
        java.util.Set<String> sessions = new java.util.HashSet<>();
        for (Answer a : answers) {
            assertTrue(a.post().status() < 500, summary + "\nstatus " + a.post().status() + "\n" + a.post().body());
            assertTrue(a.end().status() < 500, summary + "\nstatus " + a.end().status() + "\n" + a.end().body());
            if (HttpFlows.signedIn(a.post())) codesFromPosts++;
            if (HttpFlows.signedIn(a.end())) {
                sessions.add(a.end().location().replaceAll(".*[?&]session_state=([^&]+).*", "$1"));
                continue;
            }
            // a loser: a 4xx, Keycloak's "authentication expired" error handed to the application
            // (its answer to a tab whose sign-in another request finished), or a page of ours or
            // Keycloak's with a translated message; never a code
            if (a.end().status() >= 400) continue;
            if (a.end().status() == 302 && a.end().location().startsWith(TestRealm.REDIRECT)
                    && a.end().location().contains("error=") && !a.end().location().contains("code=")) continue;
            assertEquals(200, a.end().status(), summary);
            assertTranslatedPage(summary, a.end());
        }
        assertTrue(codesFromPosts <= 1, "at most one of " + PARALLEL + " identical posts answered with a code; " + summary);
        assertEquals(1, sessions.size(), "exactly one sign-in, one user session; " + summary);
    }

    /** A rendered login page whose message, if any, is a translated sentence rather than a message key. */
    private static void assertTranslatedPage(String what, WebClient.Page p) {
        assertTrue(p.pageId() != null && !p.pageId().isEmpty(), what + ": not a login page\n" + p.body());
        String error = p.error();
        if (error != null) {
            assertFalse(error.isBlank() || error.startsWith("pkf") || error.contains("???"), what + ": untranslated message " + error);
        }
    }

    /** Every ERROR line and every stack trace logged since {@code mark}, but Keycloak's own one for its tab race ({@link ServerLog}). */
    private void assertNoErrorLoggedSince(int mark, String what) {
        List<String> bad = ServerLog.problems(server.logLinesSince(mark));
        assertTrue(bad.isEmpty(), what + ": the server logged\n" + String.join("\n", bad));
    }
}
