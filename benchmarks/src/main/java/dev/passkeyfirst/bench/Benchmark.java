package dev.passkeyfirst.bench;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.passkeyfirst.mailbox.Mailbox;
import dev.passkeyfirst.testsupport.WebClient;

/**
 * The benchmark, end to end: Keycloak 26.7.3 with our jars, one realm, a few hundred users enrolled
 * through the real ceremonies, then every scenario at every concurrency, round after round (every
 * second round in reverse order), then the database statements per sign-in, then the report.
 * Run through ./benchmark.sh.
 */
public final class Benchmark {

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        int errors = new Benchmark().run(options);
        System.exit(errors == 0 ? 0 : 1);
    }

    private int run(Options o) throws Exception {
        Files.createDirectories(o.out);
        Map<String, String> machine = Machine.describe();
        Map<String, Object> setup = new LinkedHashMap<>();
        List<Scenario> scenarios = selected(o);
        System.out.printf("Passkey First benchmark: %s run on %s, %s cores, database %s%n", o.full ? "full" : "short",
                machine.get("cpu"), machine.get("cores"), o.postgres ? "PostgreSQL (embedded)" : "H2");

        List<VerifyCost.Result> verify = List.of();
        if (o.micro) {
            step("ES256 verification microbenchmark on each JDK (before Keycloak starts)");
            verify = VerifyCost.measure(o);
            verify.stream().filter(VerifyCost.Result::keycloaks).findFirst().ifPresent(r -> machine.put("keycloakJava", r.version()));
        }
        if (o.jdk != null) machine.putIfAbsent("keycloakJava", o.jdk.toString());
        machine.putIfAbsent("keycloakJava", machine.get("java"));

        Database database = null;
        KeycloakProcess keycloak = null;
        Mailbox mailbox = null;
        try {
            if (o.postgres) {
                step("starting embedded PostgreSQL on port " + o.postgresPort);
                database = Database.start(o.out.resolve("postgres-data"), o.postgresPort);
            }
            keycloak = new KeycloakProcess(o, database);
            step("installing our jars into " + o.distribution.getFileName() + " (docker/install-providers.sh)");
            keycloak.install();
            if (database == null) keycloak.deleteH2Data();
            mailbox = Mailbox.start(o.smtpPort, 0);
            step("starting Keycloak on " + o.baseUrl());
            keycloak.start("INFO", o.out.resolve("keycloak.log"));

            AdminApi admin = new AdminApi(o.baseUrl());
            HttpClient http = WebClient.newHttpClient();
            step("creating the realm and enrolling " + o.enrolled + " users (password, passkey by email link, security key after a passkey sign-in)");
            long t0 = System.nanoTime();
            BenchRealm.create(admin, o.realmTemplate, o.smtpPort);
            List<BenchUser> users = new ArrayList<>(new Enrollment(admin, mailbox, http, o.baseUrl()).enroll(o.enrolled));
            setup.put("enrollmentSeconds", Math.round((System.nanoTime() - t0) / 1e9));
            setup.put("enrolledAccounts", users.size());
            System.out.printf("    %d users enrolled in %d s%n", users.size(), setup.get("enrollmentSeconds"));
            if (o.users > o.enrolled) {
                step("seeding accounts " + (o.enrolled + 1) + " to " + o.users + " straight into the database, Keycloak stopped"
                        + " (1-5 passkeys each: synced, device-bound, counting security keys)");
                keycloak.stop();
                Population.Seeded seeded = new Population(o.distribution, database).seed(BenchRealm.NAME,
                        java.net.URI.create(o.baseUrl()).getHost(), users.get(0), o.enrolled + 1, o.users);
                users.addAll(seeded.users());
                setup.put("seededAccounts", seeded.users().size());
                setup.put("seededPasskeys", seeded.passkeys());
                setup.put("seededPasskeysByKind", seeded.passkeysByKind());
                setup.put("seedSeconds", seeded.seconds());
                System.out.printf("    %,d accounts with %,d passkeys seeded in %d s %s%n", seeded.users().size(), seeded.passkeys(),
                        seeded.seconds(), seeded.passkeysByKind());
                keycloak.start("INFO", o.out.resolve("keycloak-seeded.log"));
            }

            List<PageWeight.Weight> weights = pageWeights(admin, http, o.baseUrl());

            LoadRunner runner = new LoadRunner(http, o.baseUrl(), keycloak.javaPid(), database);
            AfterStep after = new AfterStep(keycloak.javaPid(), database);
            List<String> mailDrains = new ArrayList<>();
            setup.put("recoveryMailAfterWindow", mailDrains);
            int topVus = o.virtualUsers.stream().mapToInt(Integer::intValue).max().orElseThrow();
            // Keycloak's JIT compiles for minutes, and its compiler threads' CPU counts as Keycloak's:
            // without this, whichever scenario runs first pays for it
            List<StepResult> warmups = new ArrayList<>();
            for (int pass = 1; pass <= o.jitPasses; pass++) {
                step("warming up the JIT, pass " + pass + " of " + o.jitPasses + ": every scenario for " + o.jitSeconds + " s at " + topVus + " virtual users");
                for (Scenario s : scenarios) {
                    prepare(admin, s, mailbox);
                    StepResult warm = settle(admin, mailbox, s, runner.run(s, topVus, 0, users, 1, o.jitSeconds), after);
                    warmups.add(warm);
                    System.out.printf(Locale.ROOT, "    %-3s %7.1f sign-ins/s %6.2f ms CPU/sign-in%s%n", s.id, warm.signInsPerSecond(),
                            warm.serverCpuMsPerSignIn(), warm.errorCount() == 0 ? "" : "  errors: " + warm.errors());
                }
            }

            List<StepResult> results = new ArrayList<>();
            Map<Integer, String> roundLoad = new LinkedHashMap<>();
            for (int round = 1; round <= o.rounds; round++) {
                roundLoad.put(round, Machine.loadAverage());
                boolean reverse = round % 2 == 0;
                List<Scenario> order = reverse ? reversed(scenarios) : scenarios;
                List<Integer> levels = reverse ? reversed(o.virtualUsers) : o.virtualUsers;
                step("round " + round + " of " + o.rounds + (reverse ? " (reverse order)" : ""));
                for (Scenario s : order) {
                    prepare(admin, s, mailbox);
                    for (int vus : levels) {
                        admin.logoutAll(BenchRealm.NAME);
                        StepResult r = settle(admin, mailbox, s, runner.run(s, vus, round, users, o.warmupSeconds, o.measureSeconds), after);
                        if (after.line != null) mailDrains.add("round " + round + ": " + after.line);
                        results.add(r);
                        System.out.printf(Locale.ROOT, "    %-3s %2d VUs %7.1f sign-ins/s %7.1f per server CPU-s %6.2f ms CPU/sign-in  p99 %6.1f ms  others %3.0f %%%s%s%n",
                                s.id, vus, r.signInsPerSecond(), r.signInsPerServerCpuSecond(), r.serverCpuMsPerSignIn(),
                                r.percentileMs(99), 100 * r.otherShare(), r.otherShare() > o.noisyShare ? " NOISY" : "",
                                r.errorCount() == 0 ? "" : "  errors: " + r.errors());
                    }
                }
            }

            List<Profiler.Profile> profiles = new ArrayList<>();
            if (o.profile) {
                step("profiling Keycloak with JFR, every scenario at " + topVus + " virtual users");
                Profiler profiler = new Profiler(keycloak.javaPid(), o.out);
                for (Scenario s : scenarios) {
                    prepare(admin, s, mailbox);
                    admin.logoutAll(BenchRealm.NAME);
                    profiler.start();
                    StepResult profiled = runner.run(s, topVus, 0, users, o.warmupSeconds, o.measureSeconds);
                    settle(admin, mailbox, s, profiled, after);
                    profiles.add(Profiler.summarize(profiler.stop(s.id), s.id, s.id + " " + s.title, profiled.serverCpuMsPerSignIn()));
                }
            }

            keycloak.stop();
            Map<String, Object> activity = new Population(o.distribution, database).activitySize();
            setup.putAll(activity);
            if (activity.get("activityBytesWithIndexes") instanceof Long bytes && activity.get("activityRows") instanceof Long rows && rows > 0) {
                System.out.printf("    account history: %,d lines, %,d bytes with indexes (%,d per line): %,.0f MB per million sign-ins%n",
                        rows, bytes, bytes / rows, bytes / (double) rows);
            }
            List<StatementCounter.Count> statements = new ArrayList<>();
            if (o.countStatements) {
                step("counting database statements per sign-in (Keycloak restarted with org.hibernate.SQL at DEBUG)");
                Path sqlLog = o.out.resolve("keycloak-sql.log");
                keycloak.start("INFO,org.hibernate.SQL:debug", sqlLog);
                StatementCounter counter = new StatementCounter(sqlLog, http, o.baseUrl());
                // statements are counted per sign-in; the account operations are measured for their CPU only
                for (Scenario s : scenarios.stream().filter(s -> !s.accountOperation()).toList()) {
                    prepare(admin, s, mailbox);
                    statements.add(counter.count(s, users));
                }
                keycloak.stop();
            }

            Report report = new Report(o, machine, setup, scenarios, results, warmups, weights, statements, profiles, verify, roundLoad);
            report.writeJson(o.out.resolve("benchmark.json"));
            boolean chart = report.writeChart(o.out.resolve("benchmark.png"));
            report.writeMarkdown(o.out.resolve("benchmark.md"));
            report.print(System.out);
            System.out.println();
            System.out.println("Written: " + o.out.resolve("benchmark.json") + ", " + o.out.resolve("benchmark.md") + (chart ? ", " + o.out.resolve("benchmark.png") : " (no sign-in measured: no chart)"));
            return report.totalErrors();
        } finally {
            if (keycloak != null) keycloak.stop();
            if (mailbox != null) mailbox.close();
            if (database != null) database.close();
        }
    }

    /** Our sign-in page, and Keycloak's username/password page with its passkeys on, as a browser with an empty cache loads them. */
    private static List<PageWeight.Weight> pageWeights(AdminApi admin, HttpClient http, String origin) {
        List<PageWeight.Weight> weights = new ArrayList<>();
        SignIn ours = new SignIn(http, origin, BenchRealm.NAME, BenchRealm.CLIENT_OURS);
        weights.add(PageWeight.of("ours (pkf-login.ftl)", ours.authorize(), http));
        BenchRealm.keycloakPasskeys(admin, true);
        SignIn stock = new SignIn(http, origin, BenchRealm.NAME, BenchRealm.CLIENT_KC_BROWSER);
        weights.add(PageWeight.of("Keycloak's (login.ftl, passkeys on)", stock.authorize(), http));
        BenchRealm.keycloakPasskeys(admin, false);
        return weights;
    }

    /** Sets Keycloak's own passkey switch as the scenario needs it; a lost-device step starts with an empty mailbox. */
    private static void prepare(AdminApi admin, Scenario s, Mailbox mailbox) {
        BenchRealm.keycloakPasskeys(admin, s.keycloakPasskeys);
        if (s == Scenario.LOST_DEVICE_KNOWN || s == Scenario.LOST_DEVICE_UNKNOWN) mailbox.purge();
    }

    /**
     * What a step leaves behind, read after its window: the recovery emails that known accounts'
     * requests queued (they go out after the response, on a worker, so at hundreds of requests a
     * second they outlast the window) and the server CPU their sending took.
     */
    private static final class AfterStep {
        final long serverPid;
        final Database database;
        /** The last lost-device step's drain, for the report; null after any other step. */
        String line;

        AfterStep(long serverPid, Database database) {
            this.serverPid = serverPid;
            this.database = database;
        }
    }

    /**
     * After an account operation's step, outside its measured window: the devices' new passkeys are
     * deleted again (each account back as enrolled), and every known account's lost-device request must
     * have emailed its link, an unknown one none; a request that did not is an error of the step. The
     * emails still queued when the window closed are waited for (until the mailbox stops growing), and
     * the CPU Keycloak spent meanwhile is reported beside the step: the table's CPU per request holds
     * only the emails sent inside the window.
     */
    private static StepResult settle(AdminApi admin, Mailbox mailbox, Scenario s, StepResult r, AfterStep after) throws InterruptedException {
        after.line = null;
        if (s == Scenario.ADD_DEVICE) {
            int deleted = AccountOperations.RUN.deleteAddedPasskeys(admin);
            mailbox.purge(); // the "passkey added" and "passkey removed" notices
            System.out.printf("    %s @ %d VUs: %d passkeys of added devices deleted after the step%n", s.id, r.virtualUsers(), deleted);
        } else if (s == Scenario.LOST_DEVICE_KNOWN || s == Scenario.LOST_DEVICE_UNKNOWN) {
            CpuSnapshot before = CpuSnapshot.take(after.serverPid, after.database);
            AccountOperations.LinkCheck check = AccountOperations.RUN.checkRecoveryLinks(mailbox, java.time.Duration.ofSeconds(10),
                    java.time.Duration.ofSeconds(300));
            CpuSnapshot done = CpuSnapshot.take(after.serverPid, after.database);
            check.errors().forEach((k, v) -> r.errors().merge(k, v, Integer::sum));
            if (check.arrivedLate() > 0) {
                after.line = String.format(java.util.Locale.ROOT, "%s @ %d VUs: %d recovery emails still queued when the window closed went out in %.1f s more,"
                                + " using %,d ms of server CPU (%.2f ms each)", s.id, r.virtualUsers(), check.arrivedLate(),
                        (done.nanos() - before.nanos()) / 1e9, done.serverMs() - before.serverMs(),
                        (double) (done.serverMs() - before.serverMs()) / check.arrivedLate());
                System.out.println("    " + after.line);
            }
        }
        return r;
    }

    private static List<Scenario> selected(Options o) {
        List<Scenario> all = List.of(Scenario.values());
        return o.only.isEmpty() ? all : all.stream().filter(s -> o.only.contains(s.id)).toList();
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> r = new ArrayList<>(list);
        java.util.Collections.reverse(r);
        return r;
    }

    private static void step(String what) {
        System.out.printf("==> %s%n", what);
    }
}
