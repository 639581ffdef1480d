package dev.passkeyfirst.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import org.junit.jupiter.api.Test;
import dev.passkeyfirst.testsupport.WebClient;

/**
 * "Lost your device?" must not tell whether an account exists: 200 existing and 200 unknown
 * identifiers, asked for in turn, get the same status, the same page, and a similar time (the
 * email goes out after the response). A security property, so a test; the margin is wide enough
 * for a busy two-core machine and far below a mail round trip.
 */
class RecoveryEnumerationTest extends ServerTest {

    private static final int SAMPLES = 200;

    @Override
    protected TestRealm createRealm() {
        return TestRealm.create(server, mailbox.smtpPort(), rep -> rep.getAuthenticatorConfig().stream()
                .filter(c -> c.getAlias().equals("pkf-recovery")).forEach(c -> {
                    Map<String, String> config = new HashMap<>(c.getConfig());
                    config.put("pkf.recoveryMailsPerIp", "10000");
                    c.setConfig(config);
                }));
    }

    @Test
    void existingAndUnknownAccountsLookTheSame() {
        List<String> known = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            String email = "known" + i + "@example.org";
            realm.createUser(email);
            known.add(email);
        }
        long[] knownTimes = new long[SAMPLES];
        long[] unknownTimes = new long[SAMPLES];
        String knownBody = null;
        String unknownBody = null;
        for (int i = 0; i < SAMPLES + 10; i++) {
            boolean warmup = i < 10;
            int n = i % SAMPLES;
            Sample k = ask(known.get(n));
            Sample u = ask("unknown" + i + "@example.org");
            assertEquals(k.status, u.status);
            if (warmup) continue;
            knownTimes[i - 10] = k.nanos;
            unknownTimes[i - 10] = u.nanos;
            String kb = normalize(k.body, known.get(n));
            String ub = normalize(u.body, "unknown" + i + "@example.org");
            assertEquals(kb, ub, "the same page for an account and for nobody");
            knownBody = kb;
            unknownBody = ub;
        }
        assertEquals(knownBody, unknownBody);
        long mk = median(knownTimes) / 1_000_000;
        long mu = median(unknownTimes) / 1_000_000;
        System.out.printf("recovery answer: median %d ms for existing accounts, %d ms for unknown ones (%d samples each)%n", mk, mu, SAMPLES);
        long margin = Math.max(15, mu * 3 / 10);
        assertTrue(Math.abs(mk - mu) <= margin, "medians " + mk + " ms vs " + mu + " ms differ by more than " + margin + " ms");
    }

    private record Sample(int status, String body, long nanos) {
    }

    private Sample ask(String identifier) {
        WebClient client = new WebClient();
        WebClient.Page login = client.get(realm.authUrl());
        WebClient.Page identify = client.get(login.doc().getElementById("pkf-lost-device").absUrl("href"));
        String action = identify.formAction("pkf-identify-form");
        long t0 = System.nanoTime();
        WebClient.Page answer = client.postNoFollow(action, Map.of("identifier", identifier));
        long t = System.nanoTime() - t0;
        return new Sample(answer.status(), answer.body(), t);
    }

    /** Removes what differs between any two requests: the identifier typed and per-session codes. */
    private static String normalize(String body, String identifier) {
        return body.replace(identifier, "IDENTIFIER")
                .replaceAll("(session_code|execution|client_id|tab_id|client_data|key)=[^&\"']*", "$1=X")
                .replaceAll("checkAuthSession\\([^)]*\\)", "checkAuthSession(X)")
                .replaceAll("\"[A-Za-z0-9_-]{40,}\"", "\"X\"");
    }

    private static long median(long[] values) {
        long[] copy = values.clone();
        java.util.Arrays.sort(copy);
        return copy[copy.length / 2];
    }
}
