package dev.passkeyfirst.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.passkeyfirst.testsupport.KeycloakLauncher;

/**
 * The Keycloak distribution unpacked under benchmarks/target, with our jars installed by the one
 * shared install script (docker/install-providers.sh), started in production mode
 * ({@code kc.sh start --optimized}) on the benchmark's own ports.
 */
final class KeycloakProcess implements AutoCloseable {

    /** Fixed heap so that no scenario pays for heap growth another one caused. */
    static final String HEAP = "-Xms2g -Xmx2g";

    private final Options options;
    /** Kept to start the same server again with another log level and log file (the statement count). */
    private final KeycloakLauncher.Builder setup;
    private KeycloakLauncher launcher;

    KeycloakProcess(Options options, Database database) {
        this.options = options;
        this.setup = KeycloakLauncher.builder(options.distribution)
                .ports(options.httpPort, options.managementPort)
                .hostname(options.baseUrl())
                // a single node: local caches
                .buildOptions("--cache=local")
                // behind a proxy, as production runs: the lost-device requests (8k, 8u) come from many addresses
                // through X-Forwarded-For; requests without it (every sign-in) are read exactly as before
                .startOptions("--hostname-strict=false", "--proxy-headers=xforwarded")
                .heap(options.profile ? HEAP + " " + Profiler.STACK_DEPTH : HEAP)
                .log(options.out.resolve("keycloak.log"))
                .installScript(options.installScript);
        if (database != null) setup.postgres(database.jdbcUrl(), "postgres", "postgres");
        if (options.jdk != null) setup.javaHome(options.jdk);
        this.launcher = setup.build();
    }

    /** Copies our jars and runs {@code kc.sh build} when something changed, through the shared script. */
    void install() {
        if (!Files.isRegularFile(launcher.home().resolve("bin/kc.sh"))) {
            throw new IllegalStateException("no Keycloak distribution at " + launcher.home() + " (run ./benchmark.sh, which unpacks it)");
        }
        launcher.install(KeycloakLauncher.jarsIn(options.jars));
    }

    /** A new H2 database file: every run starts from nothing. */
    void deleteH2Data() {
        launcher.deleteData();
    }

    /**
     * Starts the server and waits until it is ready.
     *
     * @param logLevel Keycloak's {@code --log-level}, e.g. {@code INFO} or {@code INFO,org.hibernate.SQL:debug}
     */
    void start(String logLevel, Path logFile) {
        launcher = setup.logLevel(logLevel).log(logFile).build();
        Duration took = launcher.start(Duration.ofMinutes(5));
        // the JVM that really runs it (kc.sh picks $JAVA_HOME/bin/java), not the one asked for
        String java = launcher.server().flatMap(p -> p.info().command()).orElse("?");
        System.out.printf("    Keycloak ready after %d s (pid %d, %s, log %s)%n", took.toSeconds(), javaPid(), java, options.out.relativize(logFile));
    }

    /** The JVM's pid, whose CPU time and profile are Keycloak's (kc.sh only waits for it). */
    long javaPid() {
        return launcher.server().orElseThrow(() -> new IllegalStateException("no java process under kc.sh")).pid();
    }

    void stop() {
        launcher.stop();
    }

    @Override
    public void close() {
        stop();
    }
}
