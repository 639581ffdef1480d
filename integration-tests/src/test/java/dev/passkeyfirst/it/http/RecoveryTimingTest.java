package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.keycloak.recovery.RecoveryConfigProperties;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, findings 6 and 16: "Lost your device?" must take the same time whether the account
 * exists or not (DESIGN §4.4 "always answers the same, in content and in time", §5 "No
 * enumeration"), at the realm's real limits, and in the case the review measured: an address that has
 * already used its per-address message slots. There, a known account's request tries every taken
 * per-address slot (one failed {@code putIfAbsent} each, a network round trip in a cluster) while
 * an unknown one does a single write, so a prober can tell accounts apart by the clock even though
 * no email goes out for either.
 *
 * <p>Unlike {@link RecoveryEnumerationTest}, the realm keeps the demo's limits (no raised per-IP
 * limit) and the two sets of times are compared as distributions, not by their medians alone.
 */
class RecoveryTimingTest extends ServerTest {

    /** Timed requests per kind (the issue asks for at least 200), after {@link #WARMUP} untimed pairs. */
    private static final int SAMPLES = 200;
    private static final int WARMUP = 20;

    /**
     * Both tests at a false-alarm rate of 1e-4 each under the null hypothesis that the two kinds of
     * request have one distribution (so a fixed implementation fails at most about 1 run in 5,000 from
     * chance). The samples are taken in strict alternation, so load from other processes on this busy
     * two-core machine falls on both kinds alike: interleaving stratifies the noise by time, which
     * makes the two empirical distributions track each other at least as closely as independent
     * samples would, and the independent-sample critical values below stay valid (conservative).
     * Both statistics are rank-based, so GC pauses and other outliers cannot decide them. What they
     * still catch: today's ~20 extra failed slot claims per known account showed a Mann-Whitney
     * z of 3.6 at 30 samples (issue 16), which grows to about 9 at 200; the thresholds let a
     * residual difference through only when it is small beside the noise (a probability below
     * about 0.61 that a known-account request is the slower of a pair).
     */
    private static final double ALPHA = 1e-4;
    /** Two-sided normal quantile for {@link #ALPHA}. */
    private static final double Z_CRITICAL = 3.89;

    /** "Messages per IP address per hour", the step's documented default (RecoveryConfigProperties). */
    private static final int DEFAULT_MAILS_PER_IP = 20;

    private int accounts;

    private String newAccount() {
        String email = "timing" + (++accounts) + "@example.org";
        realm.createUser(email);
        return email;
    }

    @Test
    void knownAndUnknownAccountsTakeTheSameTimeAtTheRealLimits() {
        int perIp = perIpLimit();
        // 1. this address (the harness always connects from 127.0.0.1) uses up its message slots: each
        //    of these known accounts gets its link
        mailbox.purge();
        List<String> burned = new ArrayList<>();
        for (int i = 0; i < perIp; i++) {
            String email = newAccount();
            burned.add(email);
            assertEquals(Pages.id(Pages.RECOVERY), ask(email).pageId);
        }
        for (String email : burned) {
            assertTrue(mailbox.await(m -> m.to().contains(email), Duration.ofSeconds(30)).isPresent(),
                    "the " + perIp + " messages this address may have in an hour: none for " + email);
        }
        // ... and the next one is dropped: from here on the per-address limit is reached
        String over = newAccount();
        ask(over);
        assertTrue(mailbox.await(m -> m.to().contains(over), Duration.ofSeconds(5)).isEmpty(),
                "the realm's per-address limit (" + perIp + ") was not reached: a message went to " + over);

        // 2. fresh accounts (each asked once, so no per-account limit is involved) against fresh
        //    unknown identifiers, strictly alternating
        List<String> known = new ArrayList<>();
        for (int i = 0; i < SAMPLES + WARMUP; i++) known.add(newAccount());
        long[] knownNanos = new long[SAMPLES];
        long[] unknownNanos = new long[SAMPLES];
        for (int i = 0; i < SAMPLES + WARMUP; i++) {
            Sample k = ask(known.get(i));
            Sample u = ask("unknown" + i + "@example.org");
            assertEquals(k.status, u.status, "the same answer for an account and for nobody");
            assertEquals(k.pageId, u.pageId, "the same page for an account and for nobody");
            if (i < WARMUP) continue;
            knownNanos[i - WARMUP] = k.nanos;
            unknownNanos[i - WARMUP] = u.nanos;
        }
        assertTrue(mailbox.await(m -> known.stream().anyMatch(e -> m.to().contains(e)), Duration.ofSeconds(3)).isEmpty(),
                "nothing may be sent once the address is over its limit");

        double ks = ksStatistic(knownNanos, unknownNanos);
        double ksCritical = Math.sqrt(-0.5 * Math.log(ALPHA / 2)) * Math.sqrt((double) (2 * SAMPLES) / ((double) SAMPLES * SAMPLES));
        double z = mannWhitneyZ(knownNanos, unknownNanos);
        double slowerShare = probabilityFirstSlower(knownNanos, unknownNanos);
        String summary = String.format(
                "recovery answer at the real limits, address over its limit, %d samples each: known median %.2f ms p90 %.2f ms,"
                        + " unknown median %.2f ms p90 %.2f ms; KS D = %.3f (critical %.3f), Mann-Whitney z = %.2f (critical %.2f),"
                        + " P(known slower) = %.3f",
                SAMPLES, quantile(knownNanos, 0.5) / 1e6, quantile(knownNanos, 0.9) / 1e6,
                quantile(unknownNanos, 0.5) / 1e6, quantile(unknownNanos, 0.9) / 1e6, ks, ksCritical, z, Z_CRITICAL, slowerShare);
        System.out.println(summary);
        assertTrue(ks <= ksCritical && Math.abs(z) <= Z_CRITICAL,
                "the time of the answer tells whether the account exists: " + summary);
    }

    private int perIpLimit() {
        // the realm's own value, or the step's documented default when the demo realm leaves it unset
        Map<String, String> config = realm.resource.flows().getAuthenticatorConfig(configId("pkf-recovery")).getConfig();
        String value = config.get(RecoveryConfigProperties.MAILS_PER_IP);
        // (RecoveryConfigProperties.ALL holds it too, but Keycloak's SPI classes are not on this module's class path)
        return value == null || value.isBlank() ? DEFAULT_MAILS_PER_IP : Integer.parseInt(value.trim());
    }

    private String configId(String alias) {
        return realm.resource.flows().getFlows().stream()
                .flatMap(f -> realm.resource.flows().getExecutions(f.getAlias()).stream())
                .filter(e -> e.getAuthenticationConfig() != null)
                .map(e -> realm.resource.flows().getAuthenticatorConfig(e.getAuthenticationConfig()))
                .filter(c -> alias.equals(c.getAlias())).findFirst().orElseThrow().getId();
    }

    private record Sample(int status, String pageId, long nanos) {
    }

    /** "Lost your device?" as the page does it; only the POST that names the account is timed. */
    private Sample ask(String identifier) {
        WebClient client = new WebClient();
        WebClient.Page login = client.get(realm.authUrl());
        WebClient.Page identify = client.get(login.doc().getElementById("pkf-lost-device").absUrl("href"));
        String action = identify.formAction("pkf-identify-form");
        long t0 = System.nanoTime();
        WebClient.Page answer = client.postNoFollow(action, Map.of("identifier", identifier));
        long t = System.nanoTime() - t0;
        assertTrue(answer.status() < 500, "status " + answer.status());
        return new Sample(answer.status(), answer.pageId(), t);
    }

    /** Two-sample Kolmogorov-Smirnov statistic: the largest gap between the two empirical distribution functions. */
    static double ksStatistic(long[] a, long[] b) {
        long[] x = a.clone();
        long[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < x.length && j < y.length) {
            long v = Math.min(x[i], y[j]);
            while (i < x.length && x[i] == v) i++;
            while (j < y.length && y[j] == v) j++;
            d = Math.max(d, Math.abs((double) i / x.length - (double) j / y.length));
        }
        return d;
    }

    /** Mann-Whitney U as a z score (normal approximation, ties averaged and corrected); positive when {@code a} is slower. */
    static double mannWhitneyZ(long[] a, long[] b) {
        int n1 = a.length;
        int n2 = b.length;
        int n = n1 + n2;
        long[][] all = new long[n][];
        for (int i = 0; i < n1; i++) all[i] = new long[]{a[i], 0};
        for (int i = 0; i < n2; i++) all[n1 + i] = new long[]{b[i], 1};
        Arrays.sort(all, (p, q) -> Long.compare(p[0], q[0]));
        double rankSumA = 0;
        double tieTerm = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && all[j][0] == all[i][0]) j++;
            double rank = (i + 1 + j) / 2.0;
            int t = j - i;
            tieTerm += (double) t * t * t - t;
            for (int k = i; k < j; k++) if (all[k][1] == 0) rankSumA += rank;
            i = j;
        }
        double u = rankSumA - n1 * (n1 + 1) / 2.0;
        double mean = n1 * (double) n2 / 2.0;
        double sd = Math.sqrt(n1 * (double) n2 / 12.0 * ((n + 1) - tieTerm / ((double) n * (n - 1))));
        return (u - mean) / sd;
    }

    /** The share of (a, b) pairs, over all pairs, in which a is slower (ties count half): U / (n1 n2). */
    static double probabilityFirstSlower(long[] a, long[] b) {
        double wins = 0;
        for (long x : a) for (long y : b) wins += x > y ? 1 : x == y ? 0.5 : 0;
        return wins / ((double) a.length * b.length);
    }

    static double quantile(long[] values, double q) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy[Math.min(copy.length - 1, (int) Math.floor(q * copy.length))];
    }
}
