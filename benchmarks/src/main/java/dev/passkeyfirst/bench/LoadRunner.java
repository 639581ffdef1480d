package dev.passkeyfirst.bench;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Closed-loop load: N virtual users, each signing in again as soon as its last sign-in ended, with
 * a fresh cookie jar every time. Each virtual user takes its own share of the accounts in turn, so
 * no two sign-ins of one account ever overlap (a counting security key could not be in two places
 * at once either), and goes on where the scenario's last step at this concurrency stopped: a run
 * walks through the whole population rather than signing in its first few thousand accounts again
 * each round (at 100,000 accounts those would all sit in Keycloak's user cache). The first seconds warm up; then CPU counters are read, sign-ins that end inside
 * the window are counted, and the counters are read again.
 */
final class LoadRunner {

    private final HttpClient http;
    private final String origin;
    private final long serverPid;
    private final Database database;
    /** Authenticators whose provider our Signal API page has told something in this run (the driver's own memory). */
    private final java.util.Set<Object> told = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Where each virtual user of a scenario at a concurrency goes on in its share ("1@32#5" to a position). */
    private final Map<String, Integer> cursors = new java.util.concurrent.ConcurrentHashMap<>();

    LoadRunner(HttpClient http, String origin, long serverPid, Database database) {
        this.http = http;
        this.origin = origin;
        this.serverPid = serverPid;
        this.database = database;
    }

    /** What one virtual user saw; read by the main thread only after the virtual user's thread ended. */
    private static final class Tally {
        long[] latencies = new long[1024];
        int count;
        int signalPages;
        int signalRepeats;
        final Map<String, Integer> errors = new HashMap<>();
        final Map<String, Integer> warmupErrors = new HashMap<>();

        void add(long micros) {
            if (count == latencies.length) latencies = java.util.Arrays.copyOf(latencies, count * 2);
            latencies[count++] = micros;
        }
    }

    /**
     * A population large enough gives each scenario accounts of its own: otherwise the scenario run
     * first in a round would load into Keycloak's user cache the accounts the next one then finds
     * there. Smaller populations fit the cache whole, and every scenario shares them.
     */
    static List<BenchUser> slice(Scenario scenario, List<BenchUser> eligible, int virtualUsers) {
        int scenarios = Scenario.values().length;
        int size = eligible.size() / scenarios;
        if (size < 100 * virtualUsers) return eligible;
        int from = scenario.ordinal() * size;
        return eligible.subList(from, from + size);
    }

    StepResult run(Scenario scenario, int virtualUsers, int round, List<BenchUser> users, int warmupSeconds, int measureSeconds)
            throws InterruptedException {
        long[] window = {Long.MAX_VALUE, Long.MAX_VALUE};
        Object lock = new Object();
        boolean[] stop = {false};
        List<Tally> tallies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        // a scenario that needs a kind of authenticator signs in only the accounts that hold one
        List<BenchUser> eligible = slice(scenario, users.stream().filter(scenario::accepts).toList(), virtualUsers);
        if (eligible.size() < virtualUsers) throw new IllegalStateException("scenario " + scenario.id + ": only " + eligible.size() + " accounts can sign in");
        for (int vu = 0; vu < virtualUsers; vu++) {
            List<BenchUser> mine = new ArrayList<>();
            for (int i = vu; i < eligible.size(); i += virtualUsers) mine.add(eligible.get(i));
            Tally tally = new Tally();
            tallies.add(tally);
            String cursor = scenario.id + "@" + virtualUsers + "#" + vu;
            // each concurrency level starts at its own place in the shares, so the 8- and 32-user steps do not meet the same accounts
            int levelStart = mine.size() * (virtualUsers % 7) / 7;
            Thread t = new Thread(() -> {
                int next = cursors.getOrDefault(cursor, levelStart);
                while (true) {
                    synchronized (lock) {
                        if (stop[0]) {
                            cursors.put(cursor, next % mine.size());
                            return;
                        }
                    }
                    BenchUser u = mine.get(next++ % mine.size());
                    long start = System.nanoTime();
                    String error = null;
                    SignIn signIn = new SignIn(http, origin, BenchRealm.NAME, scenario.clientId);
                    try {
                        signIn.recall(u);
                        scenario.signIn(signIn, u);
                        signIn.remember(u);
                    } catch (SignInFailure f) {
                        error = f.getMessage();
                    } catch (RuntimeException e) {
                        error = e.getClass().getSimpleName() + ": " + e.getMessage();
                    }
                    long end = System.nanoTime();
                    long from;
                    long to;
                    synchronized (lock) {
                        from = window[0];
                        to = window[1];
                    }
                    if (end >= from && end <= to) {
                        if (error == null) {
                            tally.add((signIn.timedNanos >= 0 ? signIn.timedNanos : end - start) / 1000);
                            if (signIn.signalPage) {
                                tally.signalPages++;
                                // told again although nothing about the account changed: what issue 22 removed
                                if (!told.add(scenario == Scenario.OURS_COUNTER ? u.securityKey : u.passkey)) tally.signalRepeats++;
                            }
                        } else {
                            tally.errors.merge(error, 1, Integer::sum);
                        }
                    } else if (error != null && end < from) {
                        tally.warmupErrors.merge(error, 1, Integer::sum);
                    }
                }
            }, "vu-" + vu);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        Thread.sleep(TimeUnit.SECONDS.toMillis(warmupSeconds));
        CpuSnapshot before;
        synchronized (lock) {
            before = CpuSnapshot.take(serverPid, database);
            window[0] = before.nanos();
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(measureSeconds));
        CpuSnapshot after;
        synchronized (lock) {
            after = CpuSnapshot.take(serverPid, database);
            window[1] = after.nanos();
            stop[0] = true;
        }
        for (Thread t : threads) t.join(TimeUnit.SECONDS.toMillis(60));

        Map<String, Integer> errors = new TreeMap<>();
        Map<String, Integer> warmupErrors = new TreeMap<>();
        List<long[]> latencies = new ArrayList<>();
        int signIns = 0;
        int signalPages = 0;
        int signalRepeats = 0;
        for (Tally t : tallies) {
            signalPages += t.signalPages;
            signalRepeats += t.signalRepeats;
            t.errors.forEach((k, v) -> errors.merge(k, v, Integer::sum));
            t.warmupErrors.forEach((k, v) -> warmupErrors.merge(k, v, Integer::sum));
            latencies.add(java.util.Arrays.copyOf(t.latencies, t.count));
            signIns += t.count;
        }
        warmupErrors.forEach((k, v) -> errors.merge("(warm-up) " + k, v, Integer::sum));
        long server = after.serverMs() - before.serverMs();
        long driver = after.driverMs() - before.driverMs();
        long db = after.databaseMs() - before.databaseMs();
        long other = Math.max(0, after.machineBusyMs() - before.machineBusyMs() - server - driver - db);
        return new StepResult(scenario.id, virtualUsers, round, (after.nanos() - before.nanos()) / 1e9, signIns, errors,
                server, driver, db, other, Stats.concat(latencies.toArray(new long[0][])), signalPages, signalRepeats,
                Runtime.getRuntime().availableProcessors());
    }
}
