package dev.passkeyfirst.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Keycloak distribution unpacked under benchmarks/target, with our jars installed by the one
 * shared install script (docker/install-providers.sh), started in production mode
 * ({@code kc.sh start --optimized}) on the benchmark's own ports.
 */
final class KeycloakProcess implements AutoCloseable {

    /** Fixed heap so that no scenario pays for heap growth another one caused. */
    static final String HEAP = "-Xms2g -Xmx2g";

    private final Options options;
    private final Database database;
    private final Path home;
    private Process process;
    private long javaPid;
    private Path log;

    KeycloakProcess(Options options, Database database) {
        this.options = options;
        this.database = database;
        this.home = options.distribution.toAbsolutePath();
    }

    /** Build options: a single node (local caches), health endpoints, and the database. */
    List<String> buildOptions() {
        return List.of(database == null ? "--db=dev-file" : "--db=postgres", "--health-enabled=true", "--cache=local");
    }

    /** Copies our jars and runs {@code kc.sh build} when something changed, through the shared script. */
    void install() throws IOException, InterruptedException {
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("no Keycloak distribution at " + home + " (run ./benchmark.sh, which unpacks it)");
        }
        List<String> cmd = new ArrayList<>(List.of("bash", options.installScript.toAbsolutePath().toString(), home.toString()));
        try (Stream<Path> s = Files.list(options.jars)) {
            s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> cmd.add(p.toAbsolutePath().toString()));
        }
        cmd.add("--");
        cmd.addAll(buildOptions());
        Path out = options.out.resolve("keycloak-build.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("installing our providers failed, see " + out + ":\n" + Files.readString(out));
        }
    }

    /** A new H2 database file: every run starts from nothing. */
    void deleteH2Data() throws IOException {
        Path data = home.resolve("data");
        if (!Files.exists(data)) return;
        try (Stream<Path> walk = Files.walk(data)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /**
     * Starts the server and waits until it is ready.
     *
     * @param logLevel Keycloak's {@code --log-level}, e.g. {@code INFO} or {@code INFO,org.hibernate.SQL:debug}
     */
    void start(String logLevel, Path logFile) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bin/kc.sh", "start", "--optimized",
                "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + options.httpPort,
                "--http-management-port=" + options.managementPort,
                "--hostname=" + options.baseUrl(), "--hostname-strict=false",
                "--log-level=" + logLevel));
        if (database != null) cmd.addAll(database.keycloakOptions());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true).redirectOutput(logFile.toFile());
        pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        pb.environment().put("JAVA_OPTS_KC_HEAP", HEAP);
        log = logFile;
        long t0 = System.nanoTime();
        process = pb.start();
        waitUntilReady(Duration.ofMinutes(5));
        javaPid = findJavaPid();
        System.out.printf("    Keycloak ready after %d s (pid %d, log %s)%n",
                Duration.ofNanos(System.nanoTime() - t0).toSeconds(), javaPid, options.out.relativize(logFile));
    }

    /** The JVM's pid: kc.sh runs java as its child and waits for it. */
    long javaPid() {
        return javaPid;
    }

    Path log() {
        return log;
    }

    private long findJavaPid() {
        return process.toHandle().descendants()
                .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new IllegalStateException("no java process under kc.sh " + process.pid()));
    }

    private void waitUntilReady(Duration timeout) throws InterruptedException, IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI health = URI.create("http://127.0.0.1:" + options.managementPort + "/health/ready");
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + ", see " + log + ":\n" + tail(60));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return;
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Keycloak not ready after " + timeout + ":\n" + tail(60));
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void stop() {
        if (process == null || !process.isAlive()) return;
        process.destroy(); // SIGTERM: kc.sh forwards it to java, which shuts down cleanly
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                ProcessHandle.of(javaPid).ifPresent(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
