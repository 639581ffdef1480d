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
import org.keycloak.representations.idm.CredentialRepresentation;

/**
 * Issue 18: the password prompt must not tell by its time which names are accounts. A wrong password
 * for an account with a password, any password for an unknown name, and a password forged for an
 * account that holds a passkey (the page asked it for none) all cost one password hash; their times
 * are compared as distributions over 200 samples each, with the statistics and thresholds of
 * {@link RecoveryTimingTest} (samples strictly interleaved, rank-based tests at 1e-4).
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
    void aWrongPasswordAnUnknownNameAndAForgedPasswordTakeTheSameTime() {
        String withPassword = "timed-password@example.org";
        String id = realm.createUser(withPassword);
        CredentialRepresentation c = new CredentialRepresentation();
        c.setType(CredentialRepresentation.PASSWORD);
        c.setValue("The-right-one-1");
        c.setTemporary(false);
        realm.resource.users().get(id).resetPassword(c);
        String passkeyOnly = "timed-passkey@example.org";
        HttpFlows.register(realm, mailbox, realm.createUser(passkeyOnly), passkeyOnly, new SoftAuthenticator());

        Prompt known = new Prompt(realm.authUrl(), withPassword);
        Prompt unknown = new Prompt(realm.authUrl(), "timed-nobody@example.org");
        Prompt forged = new Prompt(realm.authUrl(), passkeyOnly);
        assertEquals("pkf-password-form", known.form);
        assertEquals("pkf-password-form", unknown.form);
        assertEquals("pkf-assertion-form", forged.form, "an account with a passkey is asked for no password");

        long[] k = new long[SAMPLES];
        long[] u = new long[SAMPLES];
        long[] f = new long[SAMPLES];
        for (int i = 0; i < SAMPLES + WARMUP; i++) {
            String guess = "guess-" + i;
            long kn = known.post(guess);
            long un = unknown.post(guess);
            long fn = forged.post(guess);
            if (i < WARMUP) continue;
            k[i - WARMUP] = kn;
            u[i - WARMUP] = un;
            f[i - WARMUP] = fn;
        }
        compare("wrong password vs unknown name", k, u);
        compare("wrong password vs password forged for a passkey account", k, f);
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
