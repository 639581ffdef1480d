package dev.passkeyfirst.bench;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The results: a table in the terminal, a JSON file with every measured step, a PNG chart, and
 * (printed last) the ratios per server CPU-second of our sign-ins against Keycloak's.
 */
final class Report {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> OURS = List.of("1", "2", "2p");
    private static final List<String> STOCK = List.of("3", "4", "5", "6");

    /** One scenario at one concurrency, over all rounds: rates are means of the rounds, latency percentiles of all sign-ins. */
    record Summary(Scenario scenario, int virtualUsers, List<StepResult> rounds) {
        double signInsPerSecond() {
            return Stats.mean(perRound(StepResult::signInsPerSecond));
        }

        /** Mean of the rounds' values: each round is one paired comparison under that round's conditions. */
        double perServerCpuSecond() {
            return Stats.mean(perRound(StepResult::signInsPerServerCpuSecond));
        }

        double serverCpuMsPerSignIn() {
            return Stats.mean(perRound(StepResult::serverCpuMsPerSignIn));
        }

        double driverCpuMsPerSignIn() {
            return signIns() == 0 ? 0 : (double) rounds.stream().mapToLong(StepResult::driverCpuMs).sum() / signIns();
        }

        double databaseCpuMsPerSignIn() {
            return signIns() == 0 ? 0 : (double) rounds.stream().mapToLong(StepResult::databaseCpuMs).sum() / signIns();
        }

        /** Other processes' CPU during the measured windows, in cores. */
        double otherCores() {
            return rounds.stream().mapToLong(StepResult::otherCpuMs).sum() / 1000.0 / rounds.stream().mapToDouble(StepResult::seconds).sum();
        }

        int signIns() {
            return rounds.stream().mapToInt(StepResult::signIns).sum();
        }

        int errors() {
            return rounds.stream().mapToInt(StepResult::errorCount).sum();
        }

        long[] latencies() {
            return Stats.concat(rounds.stream().map(StepResult::latencyMicros).toArray(long[][]::new));
        }

        double percentileMs(double p) {
            return Stats.percentile(latencies(), p) / 1000.0;
        }

        /** Share of the sign-ins that went through our Signal API page (an extra page and POST). */
        double signalPageShare() {
            int pages = rounds.stream().mapToInt(StepResult::signalPages).sum();
            return signIns() == 0 ? 0 : (double) pages / signIns();
        }

        /** Signal API pages for a passkey whose provider this run had already told: each one an extra round trip for nothing. */
        int signalRepeats() {
            return rounds.stream().mapToInt(StepResult::signalRepeats).sum();
        }

        double[] perRound(ToDoubleFunction<StepResult> f) {
            return rounds.stream().mapToDouble(f).toArray();
        }
    }

    private final Options options;
    private final Map<String, String> machine;
    private final Map<String, Object> setup;
    private final List<StepResult> steps;
    private final List<StepResult> warmups;
    private final List<PageWeight.Weight> weights;
    private final List<StatementCounter.Count> statements;
    private final List<Profiler.Profile> profiles;
    private final List<VerifyCost.Result> verify;
    private final Map<Integer, String> roundLoad;
    private final List<Summary> summaries = new ArrayList<>();
    /** Rounds in which no step was noisy; the summaries and ratios use only these, if there is one. */
    private final java.util.SortedSet<Integer> quietRounds = new java.util.TreeSet<>();
    private final java.util.SortedSet<Integer> allRounds = new java.util.TreeSet<>();

    Report(Options options, Map<String, String> machine, Map<String, Object> setup, List<Scenario> scenarios, List<StepResult> steps,
           List<StepResult> warmups, List<PageWeight.Weight> weights, List<StatementCounter.Count> statements, List<Profiler.Profile> profiles,
           List<VerifyCost.Result> verify, Map<Integer, String> roundLoad) {
        this.options = options;
        this.machine = machine;
        this.setup = setup;
        this.verify = verify;
        this.roundLoad = roundLoad;
        steps.forEach(r -> allRounds.add(r.round()));
        for (int round : allRounds) {
            if (steps.stream().filter(r -> r.round() == round).allMatch(r -> r.otherShare() <= options.noisyShare)) quietRounds.add(round);
        }
        // the published numbers come from quiet rounds; a run without any keeps them all and says it is noisy
        if (!quietRounds.isEmpty()) steps = steps.stream().filter(r -> quietRounds.contains(r.round())).toList();
        this.steps = steps;
        this.warmups = warmups;
        this.weights = weights;
        this.statements = statements;
        this.profiles = profiles;
        for (Scenario s : scenarios) {
            for (int vus : options.virtualUsers) {
                List<StepResult> rounds = steps.stream().filter(r -> r.scenario().equals(s.id) && r.virtualUsers() == vus).toList();
                if (!rounds.isEmpty()) summaries.add(new Summary(s, vus, rounds));
            }
        }
    }

    /** Errors of the measured steps and of the JIT warm-up passes: any failed sign-in is one. */
    int totalErrors() {
        return steps.stream().mapToInt(StepResult::errorCount).sum() + warmups.stream().mapToInt(StepResult::errorCount).sum();
    }

    Summary summary(String scenarioId, int vus) {
        return summaries.stream().filter(s -> s.scenario().id.equals(scenarioId) && s.virtualUsers() == vus).findFirst().orElse(null);
    }

    // ---------------------------------------------------------------- terminal

    void print(PrintStream out) {
        out.println();
        out.println("Machine: " + machine.get("cpu") + ", " + machine.get("cores") + " cores, " + machine.get("memory") + "; driver on "
                + machine.get("java") + "; Keycloak 26.7.3 on " + machine.get("keycloakJava") + ", " + database());
        out.printf("Population: %,d accounts (%s enrolled through the ceremonies, %s seeded into the database with %s passkeys: %s)%n",
                options.users, setup.getOrDefault("enrolledAccounts", options.users), setup.getOrDefault("seededAccounts", 0),
                setup.getOrDefault("seededPasskeys", 0), setup.getOrDefault("seededPasskeysByKind", Map.of()));
        printVerify(out);
        printNoise(out);
        out.printf("Run: %d users; JIT warm-up %d x %d s per scenario; %d round(s) (every second one in reverse order) of %d s warm-up + %d s measured per step; closed loop%n",
                options.users, options.jitPasses, options.jitSeconds, options.rounds, options.warmupSeconds, options.measureSeconds);
        out.println();
        printWeights(out);
        printStatements(out);
        profiles.forEach(p -> out.println(p.text()));
        printTable(out);
        printAccountOperations(out);
        printErrors(out);
        printRatios(out);
    }

    private String database() {
        return options.postgres ? "PostgreSQL 14 (embedded)" : "H2 (dev-file)";
    }

    private void printVerify(PrintStream out) {
        if (verify.isEmpty()) return;
        out.println("ES256 verification per JDK (Es256Microbench: key from its coordinates, new Signature, verify; median of 7 batches):");
        for (VerifyCost.Result r : verify) {
            out.printf(Locale.ROOT, "  %-28s verify %7.1f us   key + verify %7.1f us%s%n", r.version(), r.verifyMicros(), r.keyAndVerifyMicros(),
                    r.keycloaks() ? "   <- Keycloak's JDK in this run" : "");
        }
    }

    private void printNoise(PrintStream out) {
        out.printf(Locale.ROOT, "Machine load: a step is noisy when other processes used more than %.0f %% of all cores; quiet rounds %s of %s%s%n",
                100 * options.noisyShare, quietRounds, allRounds,
                quietRounds.isEmpty() ? " -- NO QUIET ROUND: these numbers are NOT for publishing" : " (only they are reported)");
        roundLoad.forEach((round, load) -> out.printf("  round %d: load average %s at its start%n", round, load));
    }

    boolean publishable() {
        return !quietRounds.isEmpty();
    }

    private void printTable(PrintStream out) {
        out.println("Results (sign-ins that ended with an access token; mean of the rounds [min..max]; latency over all rounds' sign-ins)");
        String header = String.format("%-3s %-50s %4s %20s %22s %20s %8s %8s %8s %8s%s %7s %7s %7s",
                "id", "scenario", "VUs", "sign-ins/s", "per server CPU-s", "server CPU ms/sign-in", "p50 ms", "p95 ms", "p99 ms",
                "drv ms", options.postgres ? "    db ms" : "", "others", "signal", "errors");
        out.println(header);
        out.println("-".repeat(header.length()));
        for (Summary s : signIns()) {
            out.printf(Locale.ROOT, "%-3s %-50s %4d %20s %22s %20s %8.1f %8.1f %8.1f %8.2f%s %6.0f%% %6.1f%% %7d%n",
                    s.scenario().id, s.scenario().title, s.virtualUsers(),
                    withRange(s.signInsPerSecond(), s.perRound(StepResult::signInsPerSecond), 1),
                    withRange(s.perServerCpuSecond(), s.perRound(StepResult::signInsPerServerCpuSecond), 1),
                    withRange(s.serverCpuMsPerSignIn(), s.perRound(StepResult::serverCpuMsPerSignIn), 2),
                    s.percentileMs(50), s.percentileMs(95), s.percentileMs(99), s.driverCpuMsPerSignIn(),
                    options.postgres ? String.format(Locale.ROOT, " %8.2f", s.databaseCpuMsPerSignIn()) : "",
                    100 * s.otherCores() / Runtime.getRuntime().availableProcessors(), 100 * s.signalPageShare(), s.errors());
        }
        double other = signIns().stream().mapToDouble(Summary::otherCores).max().orElse(0);
        out.printf(Locale.ROOT, "drv ms: the load driver's own CPU per sign-in (it shares the cores). others: other processes' share of all cores"
                + " (at most %.2f cores in any scenario). signal: sign-ins that went through our Signal API page (the driver posts pkf.signal=1 as current Chrome does).%n%n", other);
    }

    private List<Summary> signIns() {
        return summaries.stream().filter(s -> !s.scenario().accountOperation()).toList();
    }

    @SuppressWarnings("unchecked")
    private List<String> mailDrains() {
        return setup.get("recoveryMailAfterWindow") instanceof List<?> l ? (List<String>) l : List.of();
    }

    private List<Summary> accountOperations() {
        return summaries.stream().filter(s -> s.scenario().accountOperation()).toList();
    }

    /** Adding a device and the lost-device request: not sign-ins, so neither in the sign-in table, its ratios nor its chart. */
    private void printAccountOperations(PrintStream out) {
        if (accountOperations().isEmpty()) return;
        out.println("Account operations (issue 22, item 6): server CPU per whole operation, mean of the rounds [min..max]; latency of its timed part over all rounds");
        String header = String.format("%-3s %-58s %4s %16s %22s %8s %8s %8s %8s%s %7s  %s",
                "id", "operation", "VUs", "operations/s", "server CPU ms/operation", "p50 ms", "p95 ms", "p99 ms", "drv ms",
                options.postgres ? "    db ms" : "", "errors", "timed part");
        out.println(header);
        out.println("-".repeat(header.length()));
        for (Summary s : accountOperations()) {
            out.printf(Locale.ROOT, "%-3s %-58s %4d %16s %22s %8.1f %8.1f %8.1f %8.2f%s %7d  %s%n",
                    s.scenario().id, s.scenario().title, s.virtualUsers(),
                    withRange(s.signInsPerSecond(), s.perRound(StepResult::signInsPerSecond), 1),
                    withRange(s.serverCpuMsPerSignIn(), s.perRound(StepResult::serverCpuMsPerSignIn), 2),
                    s.percentileMs(50), s.percentileMs(95), s.percentileMs(99), s.driverCpuMsPerSignIn(),
                    options.postgres ? String.format(Locale.ROOT, " %8.2f", s.databaseCpuMsPerSignIn()) : "",
                    s.errors(), s.scenario().timedPart());
        }
        out.println("7: device A signs in with the account's passkey (kc_action) and shows the QR link; a fresh device B opens it, creates"
                + " a passkey (held pending) and shows a code; A types it and approves with the passkey; B's page reloads into the signed-in"
                + " landing page. CPU counts all of it (15 requests); the latency is the approval to B signed in, each page's status poll"
                + " made once, when it would see the change (the pages poll every 2 s). The new passkeys are deleted after each step (admin REST,"
                + " outside the window).");
        out.println("8k/8u: the sign-in page, its 'Lost your device?' link, the name posted (CPU counts the three requests; latency is the POST)."
                + " Real path, not the throttled one: each request comes from its own address (X-Forwarded-For; Keycloak runs with"
                + " --proxy-headers=xforwarded), the realm's per-account limit is at its maximum (100 an hour), and every known request's"
                + " recovery link must arrive at the bench's SMTP server (a missing one is an error). Unknown names are one per account,"
                + " asked as often as the known ones; a known and an unknown answer of a different page shape is an error.");
        for (String line : mailDrains()) out.println("  " + line);
        out.println();
    }

    private void printErrors(PrintStream out) {
        Map<String, Integer> all = new TreeMap<>();
        for (StepResult r : steps) r.errors().forEach((k, v) -> all.merge(r.scenario() + "@" + r.virtualUsers() + ": " + k, v, Integer::sum));
        for (StepResult r : warmups) r.errors().forEach((k, v) -> all.merge(r.scenario() + " (JIT warm-up): " + k, v, Integer::sum));
        if (all.isEmpty()) {
            out.println("Errors: none.");
        } else {
            out.println("Errors:");
            all.forEach((k, v) -> out.println("  " + v + " x " + k));
        }
        out.println();
    }

    private void printWeights(PrintStream out) {
        for (PageWeight.Weight w : weights) {
            out.printf("Sign-in page %s: HTML %,d B (%,d gzip); our JS %,d B (%,d gzip), our CSS %,d B (%,d gzip); Keycloak's JS and CSS %,d B (%,d gzip)%n",
                    w.page(), w.htmlBytes(), w.htmlGzipBytes(), w.bytes(true, "js"), w.gzipBytes(true, "js"), w.bytes(true, "css"),
                    w.gzipBytes(true, "css"), w.bytes(false, null), w.gzipBytes(false, null));
        }
        out.println();
    }

    private void printStatements(PrintStream out) {
        if (statements.isEmpty()) return;
        out.println("Database statements per sign-in (Hibernate's org.hibernate.SQL log, most frequent count of 5 sign-ins; warm: the account"
                + " signed in just before, in Keycloak's user cache; cold: its first sign-in since Keycloak started)");
        for (StatementCounter.Count c : statements) {
            Scenario s = Scenario.byId(c.scenario());
            out.printf("  %-3s %-50s warm %3d  %s%n", s.id, s.title, c.statements(), c.byStatement());
            out.printf("  %-3s %-50s cold %3d  %s%n", "", "", c.coldStatements(), c.coldByStatement());
        }
        out.println();
    }

    private void printRatios(PrintStream out) {
        out.println("Ratios of sign-ins per server CPU-second: mean of the rounds' ratios [min..max], each round comparing the two under the same conditions");
        out.printf("%-12s", "");
        for (String stock : STOCK) out.printf("%-24s", "vs " + stock);
        out.println();
        for (String ours : OURS) {
            for (int vus : options.virtualUsers) {
                if (summary(ours, vus) == null) continue;
                out.printf("%-12s", ours + " @ " + vus + " VUs");
                for (String stock : STOCK) {
                    double[] r = ratio(ours, stock, vus);
                    out.printf("%-24s", r == null ? "-" : String.format(Locale.ROOT, "%.2f [%.2f..%.2f]", r[0], r[1], r[2]));
                }
                out.println();
            }
        }
        out.println();
        out.println("Targets (issues 8 and 22), Keycloak on " + machine.get("keycloakJava") + ", " + database() + ", " + options.users + " accounts:");
        for (String line : targets()) out.println("  " + line);
    }

    /** Mean, min and max of the per-round ratios; null when either side was not run. */
    double[] ratio(String a, String b, int vus) {
        Summary x = summary(a, vus);
        Summary y = summary(b, vus);
        if (x == null || y == null || y.perServerCpuSecond() == 0) return null;
        double[] perRound = new double[Math.min(x.rounds().size(), y.rounds().size())];
        for (int i = 0; i < perRound.length; i++) {
            perRound[i] = x.rounds().get(i).signInsPerServerCpuSecond() / y.rounds().get(i).signInsPerServerCpuSecond();
        }
        return new double[]{Stats.mean(perRound), Stats.min(perRound), Stats.max(perRound), Stats.stddev(perRound), perRound.length};
    }

    List<String> targets() {
        List<String> lines = new ArrayList<>();
        for (int vus : options.virtualUsers) {
            target(lines, "1 >= 1.1 x 3 per server CPU-second @ " + vus, "1", "3", vus, 1.1);
            target(lines, "1 >= 0.9 x 6 per server CPU-second @ " + vus, "1", "6", vus, 0.9);
            target(lines, "1c within 10 % of 1 per server CPU-second @ " + vus, "1c", "1", vus, 0.9);
            // issue 18: a password through our page costs what Keycloak's own form costs (same Argon2id)
            target(lines, "2p >= 0.9 x 5 per server CPU-second @ " + vus, "2p", "5", vus, 0.9);
        }
        int top = options.virtualUsers.stream().mapToInt(Integer::intValue).max().orElse(0);
        Summary ours = summary("1", top);
        Summary stock = summary("3", top);
        if (ours != null && stock != null) {
            double a = ours.percentileMs(99);
            double b = stock.percentileMs(99);
            lines.add(String.format(Locale.ROOT, "%-52s %s (%.1f ms vs %.1f ms)", "p99 of 1 <= p99 of 3 @ " + top, a <= b ? "met" : "MISSED", a, b));
        }
        lines.add(String.format("%-52s %s", "zero errors", totalErrors() == 0 ? "met" : "MISSED (" + totalErrors() + ")"));
        // issue 22, item 5: current Chrome's path costs no extra round trip once its provider was told
        for (int vus : options.virtualUsers) {
            Summary s = summary("1", vus);
            if (s != null) {
                lines.add(String.format(Locale.ROOT, "%-52s %s (%.1f %% of %d sign-ins; %d for a passkey told before in this run)",
                        "Signal API page on <= 1 % of 1's sign-ins @ " + vus, s.signalPageShare() <= 0.01 ? "met" : "MISSED",
                        100 * s.signalPageShare(), s.signIns(), s.signalRepeats()));
                lines.add(String.format(Locale.ROOT, "%-52s %s (%d)", "no Signal API page twice for one passkey @ " + vus,
                        s.signalRepeats() == 0 ? "met" : "MISSED", s.signalRepeats()));
            }
        }
        // the sign-ins that could look for waiting recoveries: none of their accounts has one
        for (String id : List.of("1", "2", "2p")) {
            statements.stream().filter(c -> c.scenario().equals(id)).findFirst().ifPresent(c -> lines.add(String.format("%-52s %s (%s)",
                    id + " reads no PKF_PENDING_PASSKEY (no pending passkeys)", c.byStatement().containsKey("select PKF_PENDING_PASSKEY") ? "MISSED" : "met",
                    c.byStatement())));
        }
        lines.add(String.format("%-52s %s", "quiet rounds (publishable)", publishable() ? "met " + quietRounds : "MISSED: every round noisy"));
        return lines;
    }

    private void target(List<String> lines, String name, String a, String b, int vus, double threshold) {
        double[] r = ratio(a, b, vus);
        if (r == null) return;
        lines.add(String.format(Locale.ROOT, "%-52s %s (%.2f [%.2f..%.2f], sd %.2f, %d rounds)", name, r[0] >= threshold ? "met" : "MISSED",
                r[0], r[1], r[2], r[3], (int) r[4]));
        // a missed ratio says where the difference goes, when the run recorded profiles (--profile)
        Profiler.Profile pa = profile(a);
        Profiler.Profile pb = profile(b);
        if (r[0] < threshold && pa != null && pb != null) {
            lines.add("    " + Profiler.gap(pa, pb));
            lines.add("    " + Profiler.partGap(pa, pb));
        }
    }

    private Profiler.Profile profile(String scenarioId) {
        return profiles.stream().filter(p -> p.scenario().equals(scenarioId)).findFirst().orElse(null);
    }

    private static String withRange(double mean, double[] rounds, int decimals) {
        String f = "%." + decimals + "f";
        if (rounds.length < 2) return String.format(Locale.ROOT, f, mean);
        return String.format(Locale.ROOT, f + " [" + f + ".." + f + "]", mean, Stats.min(rounds), Stats.max(rounds));
    }

    // ---------------------------------------------------------------- Markdown

    /**
     * The run's tables as docs/benchmarks.md shows them, so the published page repeats what the run
     * printed rather than numbers copied by hand.
     */
    void writeMarkdown(Path file) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "- **Keycloak's JDK:** %s. **Database:** %s. **Accounts:** %,d (%s enrolled through the ceremonies, %s seeded with %s passkeys: %s).%n",
                machine.get("keycloakJava"), database(), options.users, setup.getOrDefault("enrolledAccounts", options.users),
                setup.getOrDefault("seededAccounts", 0), setup.getOrDefault("seededPasskeys", 0), setup.getOrDefault("seededPasskeysByKind", Map.of())));
        b.append(String.format(Locale.ROOT, "- **Machine:** %s, %s cores, %s; driver on %s.%n", machine.get("cpu"), machine.get("cores"),
                machine.get("memory"), machine.get("java")));
        b.append(String.format(Locale.ROOT, "- **Run:** JIT warm-up %d x %d s per scenario; %d rounds (every second one reversed) of %d s warm-up + %d s measured per step; closed loop at %s virtual users.%n",
                options.jitPasses, options.jitSeconds, options.rounds, options.warmupSeconds, options.measureSeconds, options.virtualUsers));
        b.append(String.format(Locale.ROOT, "- **Machine load:** quiet rounds %s of %s (a step is noisy above %.0f %% of all cores used by other processes); load average at each round's start: %s.%n",
                quietRounds, allRounds, 100 * options.noisyShare, roundLoad));
        if (!verify.isEmpty()) {
            b.append("- **ES256 verification** (Es256Microbench, median of 7 batches): ");
            b.append(String.join("; ", verify.stream().map(r -> String.format(Locale.ROOT, "%s %.0f us%s", r.version(), r.verifyMicros(),
                    r.keycloaks() ? " (Keycloak's)" : "")).toList()));
            b.append(".\n");
        }
        b.append("\n| id | scenario | VUs | sign-ins/s | per server CPU-s | server CPU ms / sign-in | p50 ms | p99 ms |")
                .append(options.postgres ? " PostgreSQL CPU ms |" : "").append(" other processes | errors |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|").append(options.postgres ? "---:|" : "").append("---:|---:|\n");
        for (Summary s : signIns()) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %.0f | %.0f |%s %.0f %% | %d |%n",
                    s.scenario().id, s.scenario().title, s.virtualUsers(),
                    withRange(s.signInsPerSecond(), s.perRound(StepResult::signInsPerSecond), 1),
                    withRange(s.perServerCpuSecond(), s.perRound(StepResult::signInsPerServerCpuSecond), 1),
                    withRange(s.serverCpuMsPerSignIn(), s.perRound(StepResult::serverCpuMsPerSignIn), 2),
                    s.percentileMs(50), s.percentileMs(99),
                    options.postgres ? String.format(Locale.ROOT, " %.2f |", s.databaseCpuMsPerSignIn()) : "",
                    100 * s.otherCores() / Runtime.getRuntime().availableProcessors(), s.errors()));
        }
        if (!accountOperations().isEmpty()) {
            b.append("\n| id | operation | VUs | operations/s | server CPU ms / operation | p50 ms | p95 ms | p99 ms | timed part | errors |\n");
            b.append("|---|---|---:|---:|---:|---:|---:|---:|---|---:|\n");
            for (Summary s : accountOperations()) {
                b.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %.0f | %.0f | %.0f | %s | %d |%n",
                        s.scenario().id, s.scenario().title, s.virtualUsers(),
                        withRange(s.signInsPerSecond(), s.perRound(StepResult::signInsPerSecond), 1),
                        withRange(s.serverCpuMsPerSignIn(), s.perRound(StepResult::serverCpuMsPerSignIn), 2),
                        s.percentileMs(50), s.percentileMs(95), s.percentileMs(99), s.scenario().timedPart(), s.errors()));
            }
        }
        if (!mailDrains().isEmpty()) {
            b.append("\nRecovery emails still queued when a lost-device step's window closed (sent after the response, on a worker):\n\n");
            for (String line : mailDrains()) b.append("- ").append(line).append("\n");
        }
        b.append("\n| ratio per server CPU-second |");
        for (int vus : options.virtualUsers) b.append(" ").append(vus).append(" VUs |");
        b.append("\n|---|").append("---|".repeat(options.virtualUsers.size())).append("\n");
        for (String ours : OURS) {
            for (String stock : STOCK) {
                if (options.virtualUsers.stream().allMatch(v -> ratio(ours, stock, v) == null)) continue;
                b.append("| ").append(ours).append(" vs ").append(stock).append(" |");
                for (int vus : options.virtualUsers) {
                    double[] r = ratio(ours, stock, vus);
                    b.append(r == null ? " - |" : String.format(Locale.ROOT, " %.2f [%.2f..%.2f] |", r[0], r[1], r[2]));
                }
                b.append("\n");
            }
        }
        if (!statements.isEmpty()) {
            b.append("\n| id | statements per sign-in, warm account | of which | cold account (first sign-in since start) | of which |\n|---|---:|---|---:|---|\n");
            for (StatementCounter.Count c : statements) {
                b.append(String.format("| %s | %d | %s | %d | %s |%n", c.scenario(), c.statements(), c.byStatement(), c.coldStatements(),
                        c.coldByStatement()));
            }
        }
        b.append("\nTargets, as the run printed them:\n\n```\n");
        for (String line : targets()) b.append(line).append("\n");
        b.append("```\n");
        java.nio.file.Files.writeString(file, b.toString());
    }

    // ---------------------------------------------------------------- JSON

    void writeJson(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.set("machine", JSON.valueToTree(machine));
        ObjectNode run = root.putObject("run");
        run.put("keycloak", "26.7.3");
        run.put("database", options.postgres ? "postgresql-14-embedded" : "h2-dev-file");
        run.put("users", options.users);
        run.set("virtualUsers", JSON.valueToTree(options.virtualUsers));
        run.put("rounds", options.rounds);
        run.put("warmupSeconds", options.warmupSeconds);
        run.put("measureSeconds", options.measureSeconds);
        run.put("keycloakHeap", KeycloakProcess.HEAP);
        run.put("keycloakJava", machine.get("keycloakJava"));
        run.put("enrolled", options.enrolled);
        run.put("noisyShare", options.noisyShare);
        run.set("quietRounds", JSON.valueToTree(quietRounds));
        run.put("publishable", publishable());
        run.set("loadAverageAtRoundStart", JSON.valueToTree(roundLoad));
        root.set("es256VerifyPerJdk", JSON.valueToTree(verify));
        root.set("setup", JSON.valueToTree(setup));
        ArrayNode operations = root.putArray("accountOperations");
        for (Summary s : accountOperations()) {
            ObjectNode n = operations.addObject();
            n.put("id", s.scenario().id);
            n.put("title", s.scenario().title);
            n.put("timedPart", s.scenario().timedPart());
            n.put("virtualUsers", s.virtualUsers());
            n.put("operations", s.signIns());
            n.put("errors", s.errors());
            n.put("operationsPerSecond", round(s.signInsPerSecond()));
            n.put("serverCpuMsPerOperation", round(s.serverCpuMsPerSignIn()));
            n.put("driverCpuMsPerOperation", round(s.driverCpuMsPerSignIn()));
            if (options.postgres) n.put("databaseCpuMsPerOperation", round(s.databaseCpuMsPerSignIn()));
            n.put("p50Ms", round(s.percentileMs(50)));
            n.put("p95Ms", round(s.percentileMs(95)));
            n.put("p99Ms", round(s.percentileMs(99)));
            ArrayNode rounds = n.putArray("rounds");
            for (StepResult r : s.rounds()) {
                ObjectNode rn = rounds.addObject();
                rn.put("round", r.round());
                rn.put("seconds", round(r.seconds()));
                rn.put("operations", r.signIns());
                rn.put("serverCpuMs", r.serverCpuMs());
                rn.put("driverCpuMs", r.driverCpuMs());
                rn.put("databaseCpuMs", r.databaseCpuMs());
                rn.put("otherProcessesShare", round(r.otherShare()));
                rn.put("noisy", r.otherShare() > options.noisyShare);
                rn.put("p50Ms", round(r.percentileMs(50)));
                rn.put("p95Ms", round(r.percentileMs(95)));
                rn.put("p99Ms", round(r.percentileMs(99)));
                rn.set("errors", JSON.valueToTree(r.errors()));
            }
        }
        ArrayNode scenarios = root.putArray("scenarios");
        for (Summary s : signIns()) {
            ObjectNode n = scenarios.addObject();
            n.put("id", s.scenario().id);
            n.put("title", s.scenario().title);
            n.put("virtualUsers", s.virtualUsers());
            n.put("signIns", s.signIns());
            n.put("errors", s.errors());
            n.put("signInsPerSecond", round(s.signInsPerSecond()));
            n.put("signInsPerServerCpuSecond", round(s.perServerCpuSecond()));
            n.put("serverCpuMsPerSignIn", round(s.serverCpuMsPerSignIn()));
            n.put("driverCpuMsPerSignIn", round(s.driverCpuMsPerSignIn()));
            if (options.postgres) n.put("databaseCpuMsPerSignIn", round(s.databaseCpuMsPerSignIn()));
            n.put("p50Ms", round(s.percentileMs(50)));
            n.put("p95Ms", round(s.percentileMs(95)));
            n.put("p99Ms", round(s.percentileMs(99)));
            ArrayNode rounds = n.putArray("rounds");
            for (StepResult r : s.rounds()) {
                ObjectNode rn = rounds.addObject();
                rn.put("round", r.round());
                rn.put("seconds", round(r.seconds()));
                rn.put("signIns", r.signIns());
                rn.put("signInsPerSecond", round(r.signInsPerSecond()));
                rn.put("signInsPerServerCpuSecond", round(r.signInsPerServerCpuSecond()));
                rn.put("serverCpuMs", r.serverCpuMs());
                rn.put("driverCpuMs", r.driverCpuMs());
                rn.put("databaseCpuMs", r.databaseCpuMs());
                rn.put("otherProcessesCpuMs", r.otherCpuMs());
                rn.put("otherProcessesShare", round(r.otherShare()));
                rn.put("noisy", r.otherShare() > options.noisyShare);
                rn.put("signalPages", r.signalPages());
                rn.put("signalPagesForPasskeysToldBefore", r.signalRepeats());
                rn.put("p50Ms", round(r.percentileMs(50)));
                rn.put("p95Ms", round(r.percentileMs(95)));
                rn.put("p99Ms", round(r.percentileMs(99)));
                rn.set("errors", JSON.valueToTree(r.errors()));
            }
        }
        ObjectNode ratios = root.putObject("ratiosPerServerCpuSecond");
        for (String ours : OURS) {
            for (int vus : options.virtualUsers) {
                for (String stock : STOCK) {
                    double[] r = ratio(ours, stock, vus);
                    if (r != null) ratios.set(ours + "/" + stock + "@" + vus, JSON.valueToTree(Map.of("mean", round(r[0]), "min", round(r[1]),
                            "max", round(r[2]), "sd", round(r[3]), "rounds", (int) r[4])));
                }
            }
        }
        root.set("targets", JSON.valueToTree(targets()));
        ArrayNode pages = root.putArray("pageWeight");
        for (PageWeight.Weight w : weights) pages.add(JSON.valueToTree(w));
        root.set("statementsPerSignIn", JSON.valueToTree(statements));
        ObjectNode profiled = root.putObject("profiles");
        for (Profiler.Profile p : profiles) {
            ObjectNode one = profiled.putObject(p.scenario());
            one.put("samples", p.samples()).put("serverCpuMsPerSignIn", round(p.cpuMsPerSignIn()));
            ObjectNode areas = one.putObject("msPerSignInByArea");
            p.exclusive().keySet().stream().sorted().forEach(a -> areas.put(a, round(p.msPerSignIn(a))));
            ObjectNode parts = one.putObject("msPerSignInByRequest");
            p.parts().keySet().stream().sorted().forEach(a -> parts.put(a, round(p.partMsPerSignIn(a))));
        }
        JSON.writeValue(file.toFile(), root);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    // ---------------------------------------------------------------- chart

    /** Three panels, one bar per scenario and concurrency: sign-ins per server CPU-second, sign-ins per second, p99 latency. */
    /** Returns false, writing nothing, when the run measured no sign-in (only account operations): the chart is of sign-ins. */
    boolean writeChart(Path file) throws IOException {
        int width = 1200;
        int panel = 420;
        List<String> labels = new ArrayList<>();
        List<Scenario> shown = signIns().stream().map(Summary::scenario).distinct().toList();
        if (shown.isEmpty()) return false;
        for (Scenario s : shown) labels.add(s.id + " " + shortTitle(s));
        List<CategoryChart> charts = List.of(
                chart("Sign-ins per server CPU-second (higher is better)", "sign-ins / CPU-s", labels, shown, Summary::perServerCpuSecond, width, panel),
                chart("Sign-ins per second", "sign-ins / s", labels, shown, Summary::signInsPerSecond, width, panel),
                chart("p99 latency of a whole sign-in (lower is better)", "ms", labels, shown, s -> s.percentileMs(99), width, panel));
        int header = 60;
        BufferedImage image = new BufferedImage(width, header + panel * charts.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString("Passkey First vs Keycloak 26.7.3 sign-ins, one server, " + (options.postgres ? "PostgreSQL" : "H2") + ", "
                + machine.get("keycloakJava"), 20, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(machine.get("cpu") + ", " + machine.get("cores") + " cores; " + String.format("%,d", options.users) + " accounts; "
                + options.rounds + " rounds x " + options.measureSeconds + " s; closed loop", 20, 48);
        for (int i = 0; i < charts.size(); i++) {
            Graphics2D sub = (Graphics2D) g.create(0, header + i * panel, width, panel);
            charts.get(i).paint(sub, width, panel);
            sub.dispose();
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
        return true;
    }

    private CategoryChart chart(String title, String yTitle, List<String> labels, List<Scenario> shown,
                                ToDoubleFunction<Summary> value, int width, int height) {
        CategoryChart chart = new CategoryChartBuilder().width(width).height(height).title(title).yAxisTitle(yTitle).build();
        Styler st = chart.getStyler();
        st.setLegendPosition(Styler.LegendPosition.OutsideS);
        st.setChartBackgroundColor(Color.WHITE);
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        st.setSeriesColors(new Color[]{new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728)});
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        for (int vus : options.virtualUsers) {
            List<Double> values = new ArrayList<>();
            for (Scenario s : shown) {
                Summary sum = summary(s.id, vus);
                values.add(sum == null ? 0.0 : Math.round(value.applyAsDouble(sum) * 10) / 10.0);
            }
            chart.addSeries(vus + " virtual users", labels, values);
        }
        return chart;
    }

    private static String shortTitle(Scenario s) {
        return switch (s) {
            case OURS_DISCOVERABLE -> "ours: passkey";
            case OURS_COUNTER -> "ours: counting key";
            case OURS_USERNAME_FIRST -> "ours: username first";
            case OURS_PASSWORD -> "ours: password";
            case KC_PASSKEYS_IN_PASSWORD_FORM -> "KC: passkey in form";
            case KC_USERNAME_THEN_PASSKEY -> "KC: user + WebAuthn";
            case KC_PASSWORD -> "KC: password";
            case KC_USERNAME_ONLY -> "ceiling: username only";
            case ADD_DEVICE -> "ours: add a device";
            case LOST_DEVICE_KNOWN -> "lost device: known";
            case LOST_DEVICE_UNKNOWN -> "lost device: unknown";
        };
    }
}
