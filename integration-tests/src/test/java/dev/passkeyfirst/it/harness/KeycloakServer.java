package dev.passkeyfirst.it.harness;

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
import java.util.List;
import java.util.stream.Stream;

import org.keycloak.admin.client.Keycloak;

/**
 * The Keycloak distribution (unpacked by Maven from Maven Central) with our three jars in
 * {@code providers/}, built for H2 and started once per test JVM on its own ports so it never meets
 * the demo on 8080. Every test class shares it; realms keep tests apart.
 */
public final class KeycloakServer {

    public static final int PORT = Integer.getInteger("pkf.kc.port", 18080);
    public static final int MANAGEMENT_PORT = Integer.getInteger("pkf.kc.management.port", 19000);
    public static final String URL = "http://localhost:" + PORT;

    private static KeycloakServer shared;

    private final Path home;
    private final Path log;
    private Process process;
    private Keycloak admin;

    private KeycloakServer(Path home, Path log) {
        this.home = home;
        this.log = log;
    }

    public static synchronized KeycloakServer shared() {
        if (shared == null) {
            Path home = Path.of(System.getProperty("pkf.kc.dist", "target/keycloak-26.7.3")).toAbsolutePath();
            KeycloakServer server = new KeycloakServer(home, home.getParent().resolve("keycloak.log"));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "keycloak-stop"));
            shared = server;
        }
        return shared;
    }

    public Keycloak admin() {
        if (admin == null) admin = Keycloak.getInstance(URL, "master", "admin", "admin", "admin-cli");
        return admin;
    }

    /** The unpacked distribution this server runs from (its bin/ holds kcadm.sh). */
    public Path home() {
        return home;
    }

    public Path logFile() {
        return log;
    }

    /** Server log lines written after {@code fromLine}; tests read them to prove no stack trace was printed. */
    public List<String> logLinesSince(int fromLine) {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.skip(fromLine).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int logLineCount() {
        try (Stream<String> lines = Files.lines(log)) {
            return (int) lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops the server and starts it again on the same database, as an operator's restart would:
     * what lives in memory is gone, what lives in the database must still be there.
     */
    public synchronized void restart() {
        stopProcess();
        keepData = true;
        start();
    }

    private boolean keepData;

    private void start() {
        try {
            if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
                throw new IllegalStateException("No Keycloak distribution at " + home + " (run the tests through Maven: mvn verify)");
            }
            install(home, buildOptions());
            if (!keepData) deleteRecursively(home.resolve("data"));
            List<String> cmd = new ArrayList<>(List.of("bin/kc.sh", "start", "--optimized",
                    "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + PORT,
                    "--http-management-port=" + MANAGEMENT_PORT,
                    "--hostname=" + URL, "--hostname-strict=false",
                    "--cache=local",
                    // Keycloak's deprecated client-initiated linking, off by default; on here so the
                    // tests can show that a fallback session's link through it does not stick
                    "--spi-login-protocol--openid-connect--allow-client-initiated-account-linking=true",
                    "--log-level=" + System.getProperty("pkf.kc.log", "INFO,dev.passkeyfirst:DEBUG")));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
            pb.environment().put("JAVA_OPTS_KC_HEAP", "-Xms256m -Xmx1g");
            long t0 = System.nanoTime();
            process = pb.start();
            waitUntilReady(Duration.ofMinutes(4));
            System.out.printf("Keycloak %s ready on %s after %d s (log: %s)%n", home.getFileName(), URL,
                    Duration.ofNanos(System.nanoTime() - t0).toSeconds(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Installs our jars with the same script the demo and the Docker image use, so what is tested is
     * what admins run; the script skips {@code kc.sh build} when nothing changed.
     */
    static void install(Path home, List<String> options) throws IOException, InterruptedException {
        Path jars = Path.of(System.getProperty("pkf.jars", "target/pkf-jars"));
        List<String> cmd = new ArrayList<>(List.of("bash", System.getProperty("pkf.install.script", "../docker/install-providers.sh"),
                home.toString()));
        try (Stream<Path> s = Files.list(jars)) {
            s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(p -> cmd.add(p.toString()));
        }
        cmd.add("--");
        cmd.addAll(options);
        Path out = home.getParent().resolve("keycloak-build.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("installing our providers failed, see " + out + ":\n" + Files.readString(out));
        }
    }

    static List<String> buildOptions() {
        return List.of("--db=dev-file", "--health-enabled=true");
    }

    private void waitUntilReady(Duration timeout) throws InterruptedException, IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + ":\n" + tail(80));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + MANAGEMENT_PORT + "/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return;
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Keycloak not ready after " + timeout + ":\n" + tail(80));
    }

    private String tail(int n) throws IOException {
        List<String> all = Files.readAllLines(log);
        return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
    }

    private void stop() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
        stopProcess();
    }

    private void stopProcess() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
