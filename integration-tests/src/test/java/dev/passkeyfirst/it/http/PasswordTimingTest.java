package dev.passkeyfirst.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: the password prompt must not tell by its time which names are accounts. A wrong password
 * for an account with a password takes the time it takes for an unknown name (both answered by the
 * same password page, both costing one password hash); the times are compared as distributions over
 * 200 samples each, with the statistics and thresholds of {@link RecoveryTimingTest} (samples
 * strictly interleaved, rank-based tests at 1e-4).
 *
 * <p>The username step itself is not compared: measured once (2026-12-06), an unknown name answered
 * about 1 ms slower (medians 10.7 vs 9.6 ms, Mann-Whitney z 3.1, under the 3.89 threshold but not by
 * much), because Keycloak's user cache holds known users and every unknown name costs its database
 * lookups (by username, then by email), as in Keycloak's own username form. README, known limits.
 *
 * <p>An account that holds a passkey is not compared: under the default policy its username step is
 * a different page (no password asked), which is the policy's own, documented, disclosure. A password
 * forged for it is refused after a dummy hash; measured here once, it answered within a millisecond of
 * the others' median but with a visibly different spread (a different page is rendered), which tells
 * nothing the page had not already told.
 */
class PasswordTimingTest extends ServerTest {

    private static final int SAMPLES = 200;
    private static final int WARMUP = 20;
    private static final double ALPHA = 1e-4;
    private static final double Z_CRITICAL = 3.89;

    /** One browser at the password step for a name; posts a password and times the answer. */
    private static final class Prompt {
        final WebClient client = new WebClient();
        String action;
        final String form;

        Prompt(String realmAuthUrl, String username) {
            WebClient.Page login = client.get(realmAuthUrl);
            WebClient.Page step = client.post(login.formAction("pkf-username-form"), Map.of("username", username));
            assertEquals(Pages.id(Pages.LOGIN_PASSKEY), step.pageId(), step.body());
            boolean asked = step.doc().getElementById("pkf-password-form") != null;
            form = asked ? "pkf-password-form" : "pkf-assertion-form";
            action = step.formAction(form);
        }

        long post(String password) {
            long start = System.nanoTime();
            WebClient.Page answer = client.post(action, Map.of("password", password, "pkf.caps", ""));
            long nanos = System.nanoTime() - start;
            assertEquals(200, answer.status(), answer.body());
            assertFalse(HttpFlows.signedIn(answer));
            // the page that comes back is the one a person would post from next
            action = answer.formAction(form);
            return nanos;
        }
    }

    @Test
    void aWrongPasswordTakesTheSameTimeForAnAccountAndForNobody() {
        String withPassword = "timed-password@example.org";
        realm.setPassword(realm.createUser(withPassword), "The-right-one-1");
        String passkeyOnly = "timed-passkey@example.org";
        HttpFlows.register(realm, mailbox, realm.createUser(passkeyOnly), passkeyOnly, new SoftAuthenticator());
        assertEquals("pkf-assertion-form", new Prompt(realm.authUrl(), passkeyOnly).form, "an account with a passkey is asked for no password");

        Prompt known = new Prompt(realm.authUrl(), withPassword);
        Prompt unknown = new Prompt(realm.authUrl(), "timed-nobody@example.org");
        long[] k = new long[SAMPLES];
        long[] u = new long[SAMPLES];
        for (int i = 0; i < SAMPLES + WARMUP; i++) {
            String guess = "guess-" + i;
            long kn = known.post(guess);
            long un = unknown.post(guess);
            if (i < WARMUP) continue;
            k[i - WARMUP] = kn;
            u[i - WARMUP] = un;
        }
        compare("wrong password vs unknown name", k, u);
    }

    private static void compare(String what, long[] a, long[] b) {
        double ks = RecoveryTimingTest.ksStatistic(a, b);
        double ksCritical = Math.sqrt(-0.5 * Math.log(ALPHA / 2)) * Math.sqrt((double) (2 * SAMPLES) / ((double) SAMPLES * SAMPLES));
        double z = RecoveryTimingTest.mannWhitneyZ(a, b);
        String summary = String.format("%s, %d samples each: medians %.2f / %.2f ms, p90 %.2f / %.2f ms; KS D = %.3f (critical %.3f),"
                        + " Mann-Whitney z = %.2f (critical %.2f)", what, SAMPLES,
                RecoveryTimingTest.quantile(a, 0.5) / 1e6, RecoveryTimingTest.quantile(b, 0.5) / 1e6,
                RecoveryTimingTest.quantile(a, 0.9) / 1e6, RecoveryTimingTest.quantile(b, 0.9) / 1e6, ks, ksCritical, z, Z_CRITICAL);
        System.out.println(summary);
        assertNotNull(summary);
        assertTrue(ks <= ksCritical && Math.abs(z) <= Z_CRITICAL, "the password prompt's time tells accounts apart: " + summary);
    }
}
