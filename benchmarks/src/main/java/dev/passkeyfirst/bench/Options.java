package dev.passkeyfirst.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The run's settings. Two presets: the short run (a few minutes on two cores, for development and
 * for checking that everything works) and {@code --full} (the published numbers); every number can
 * also be set on its own.
 */
public final class Options {

    boolean full;
    boolean postgres;
    int users = 200;
    /** Accounts enrolled through the real ceremonies; the rest of {@link #users} are seeded into the database. */
    int enrolled = 200;
    /** The JDK that runs Keycloak (JAVA_HOME for kc.sh); null: the java on the PATH. */
    Path jdk;
    /** JDKs the ES256 microbenchmark runs on besides Keycloak's; empty: every JDK under /usr/lib/jvm. */
    List<Path> microJdks = List.of();
    boolean micro = true;
    /** A measured step is noisy when other processes used more than this share of the machine's CPU. */
    double noisyShare = 0.10;
    List<Integer> virtualUsers = List.of(8, 32);
    int rounds = 2;
    int warmupSeconds = 2;
    int measureSeconds = 6;
    int jitPasses = 2;
    int jitSeconds = 4;
    int httpPort = 28080;
    int managementPort = 29000;
    int smtpPort = 28025;
    int postgresPort = 28432;
    boolean profile;
    boolean countStatements = true;
    List<String> only = List.of();
    Path distribution;
    Path jars;
    Path installScript;
    Path realmTemplate;
    Path out;

    static final String USAGE = """
            usage: benchmark.sh [--full] [--postgres] [options]
              --full                 the published run: 300 users, 6 rounds of 4 s warm-up and 12 s measured per step
              --postgres             Keycloak on an embedded PostgreSQL instead of H2
              --users N              accounts (default 200, full 300); the first --enrolled of them are enrolled through the
                                     real ceremonies (a synced passkey and a security key each), the rest are seeded
                                     straight into the database with 1-5 passkeys of a realistic mix (e.g. --users 100000)
              --enrolled N           accounts enrolled through the ceremonies (default 200; at most --users)
              --jdk PATH             the JDK that runs Keycloak (default: the java on the PATH), e.g. /usr/lib/jvm/temurin-25-jdk-amd64
              --micro-jdks P1,P2     JDKs for the ES256 verification microbenchmark besides Keycloak's (default: all under /usr/lib/jvm)
              --no-micro             skip the ES256 verification microbenchmark
              --noisy-share F        a step is noisy when other processes used more than this share of all cores (default 0.10);
                                     ratios come from quiet rounds only, and a run without one is marked not publishable
              --vus 8,32             concurrency levels, closed loop (default 8,32)
              --rounds N             rounds; every second one runs the scenarios in reverse order (default 2, full 6)
              --jit-passes N         passes over all scenarios before round 1, so the JIT has compiled them all (default 2)
              --jit-seconds S        seconds per scenario in each of those passes (default 4, full 10)
              --warmup S             warm-up seconds before each measured step (default 2, full 4)
              --measure S            measured seconds per step (default 6, full 12)
              --only 1,3,6           run only these scenarios (ids as in the table; 1c is the counter variant; 7 adds a device,
                                     8k / 8u are "Lost your device?" for a known account / an unknown name)
              --profile              record a JFR profile of Keycloak for each scenario and print where its CPU goes
              --no-statements        skip counting database statements (saves one Keycloak restart)
              --http-port P          Keycloak's HTTP port (default 28080); also --management-port (29000),
                                     --smtp-port (28025), --postgres-port (28432)
            """;

    static Options parse(String[] args) {
        Options o = new Options();
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        // --full first: it sets defaults that the other flags may override
        if (rest.remove("--full")) {
            o.full = true;
            // many short rounds rather than two long ones: on a machine shared with other work, each
            // scenario then meets the same mix of interference, and every round is one paired comparison
            o.users = 300;
            o.rounds = 6;
            o.warmupSeconds = 4;
            o.measureSeconds = 12;
            o.jitPasses = 2;
            o.jitSeconds = 10;
        }
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            switch (a) {
                case "--postgres" -> o.postgres = true;
                case "--profile" -> o.profile = true;
                case "--no-statements" -> o.countStatements = false;
                case "--users" -> o.users = positive(a, rest, ++i);
                case "--enrolled" -> o.enrolled = positive(a, rest, ++i);
                case "--jdk" -> o.jdk = Path.of(value(a, rest, ++i));
                case "--micro-jdks" -> o.microJdks = Arrays.stream(value(a, rest, ++i).split(",")).map(String::trim).map(Path::of).toList();
                case "--no-micro" -> o.micro = false;
                case "--noisy-share" -> o.noisyShare = Double.parseDouble(value(a, rest, ++i));
                case "--vus" -> o.virtualUsers = Arrays.stream(value(a, rest, ++i).split(",")).map(String::trim).map(Integer::parseInt).toList();
                case "--rounds" -> o.rounds = positive(a, rest, ++i);
                case "--jit-passes" -> o.jitPasses = positive(a, rest, ++i);
                case "--jit-seconds" -> o.jitSeconds = positive(a, rest, ++i);
                case "--warmup" -> o.warmupSeconds = positive(a, rest, ++i);
                case "--measure" -> o.measureSeconds = positive(a, rest, ++i);
                case "--only" -> o.only = Arrays.stream(value(a, rest, ++i).split(",")).map(String::trim).toList();
                case "--http-port" -> o.httpPort = positive(a, rest, ++i);
                case "--management-port" -> o.managementPort = positive(a, rest, ++i);
                case "--smtp-port" -> o.smtpPort = positive(a, rest, ++i);
                case "--postgres-port" -> o.postgresPort = positive(a, rest, ++i);
                case "--distribution" -> o.distribution = Path.of(value(a, rest, ++i));
                case "--jars" -> o.jars = Path.of(value(a, rest, ++i));
                case "--install-script" -> o.installScript = Path.of(value(a, rest, ++i));
                case "--realm-template" -> o.realmTemplate = Path.of(value(a, rest, ++i));
                case "--out" -> o.out = Path.of(value(a, rest, ++i));
                case "-h", "--help" -> throw new IllegalArgumentException(USAGE);
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
        }
        if (o.distribution == null || o.jars == null || o.installScript == null || o.realmTemplate == null || o.out == null) {
            throw new IllegalArgumentException("--distribution, --jars, --install-script, --realm-template and --out are set by benchmark.sh\n" + USAGE);
        }
        o.enrolled = Math.min(o.enrolled, o.users);
        if (o.jdk != null && !java.nio.file.Files.isExecutable(o.jdk.resolve("bin/java"))) {
            throw new IllegalArgumentException("--jdk " + o.jdk + ": no bin/java there");
        }
        if (o.virtualUsers.stream().anyMatch(v -> v > o.users)) {
            throw new IllegalArgumentException("more virtual users than users: each virtual user signs in its own users");
        }
        return o;
    }

    String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    private static String value(String flag, List<String> args, int i) {
        if (i >= args.size()) throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
        return args.get(i);
    }

    private static int positive(String flag, List<String> args, int i) {
        int v = Integer.parseInt(value(flag, args, i));
        if (v <= 0) throw new IllegalArgumentException(flag + " must be positive");
        return v;
    }
}
