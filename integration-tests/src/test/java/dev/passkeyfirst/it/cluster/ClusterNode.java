package dev.passkeyfirst.it.cluster;

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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.keycloak.admin.client.Keycloak;

/**
 * One Keycloak node of the test cluster: its own copy of the distribution (so one node can lose our
 * jars while the other keeps them), its own ports, one log file that every start of the node appends
 * to, and the java process itself, so {@link #kill()} is a real {@code kill -9} of the server.
 */
public final class ClusterNode {

    /** The options this node was last built with; {@code kc.sh start --optimized} must match them. */
    static final List<String> BUILD_OPTIONS = List.of("--db=postgres", "--health-enabled=true");

    public final String name;
    public final int httpPort;
    public final int managementPort;
    public final int clusterPort;
    private final Path home;
    private final Path log;
    private final Cluster cluster;
    private Process script;
    private Keycloak admin;
    private boolean withOurJars = true;
    /** Log line counts at the beginning of each start, so a test can read what one start logged. */
    private final List<Integer> startMarks = new ArrayList<>();

    ClusterNode(Cluster cluster, String name, Path home, int httpPort, int managementPort, int clusterPort) {
        this.cluster = cluster;
        this.name = name;
        this.home = home;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.clusterPort = clusterPort;
        this.log = home.getParent().resolve(name + ".log");
    }

    /** The node's own address, bypassing the load balancer (admin calls, health, direct posts). */
    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public Path home() {
        return home;
    }

    public Path logFile() {
        return log;
    }

    public boolean hasOurJars() {
        return withOurJars;
    }

    /** An admin client that talks to this node only. */
    public synchronized Keycloak admin() {
        if (admin == null) admin = Keycloak.getInstance(url(), "master", "admin", "admin", "admin-cli");
        return admin;
    }

    public boolean isRunning() {
        return script != null && script.isAlive();
    }

    /**
     * Installs our jars (or, with {@code ours == false}, removes them) with the project's one install
     * script, which runs {@code kc.sh build} only when something changed.
     */
    void install(boolean ours) throws IOException, InterruptedException {
        Path jars = Path.of(System.getProperty("pkf.jars", "target/pkf-jars"));
        List<String> cmd = new ArrayList<>(List.of("bash", System.getProperty("pkf.install.script", "../docker/install-providers.sh"),
                home.toString()));
        if (ours) {
            try (Stream<Path> s = Files.list(jars)) {
                s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(p -> cmd.add(p.toString()));
            }
        }
        cmd.add("--");
        cmd.addAll(BUILD_OPTIONS);
        Path out = home.getParent().resolve(name + "-build.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(8, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(name + ": installing providers failed, see " + out + ":\n" + Files.readString(out));
        }
        withOurJars = ours;
    }

    /** Starts the server and waits until its readiness check answers; the log is appended to. */
    void start(Duration timeout) {
        if (isRunning()) throw new IllegalStateException(name + " is already running");
        try {
            killLeftoverFromEarlierRun();
            Files.deleteIfExists(home.resolve("data/pkf-node.pid"));
            startMarks.add(logLineCount());
            List<String> cmd = List.of("bin/kc.sh", "start", "--optimized",
                    "--db-url=" + cluster.jdbcUrl(), "--db-username=postgres", "--db-password=postgres",
                    // small pools: two nodes share one test PostgreSQL (max_connections 200)
                    "--db-pool-initial-size=2", "--db-pool-min-size=2", "--db-pool-max-size=40",
                    "--cache=ispn", "--cache-stack=jdbc-ping",
                    "--cache-embedded-network-bind-address=127.0.0.1", "--cache-embedded-network-bind-port=" + clusterPort,
                    "--spi-cache-embedded-default-node-name=" + name,
                    "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + httpPort,
                    "--http-management-port=" + managementPort,
                    // one public address for both nodes, as behind a load balancer: tokens, cookies and
                    // WebAuthn origins are the balancer's, whichever node answers
                    "--hostname=" + Cluster.PUBLIC_URL,
                    "--log-level=INFO,dev.passkeyfirst:DEBUG");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
            pb.environment().put("JAVA_OPTS_KC_HEAP", "-Xms192m -Xmx768m");
            // JGroups' failure detection listens on bind port + offset (default 50000: past 65535 here)
            pb.environment().put("JAVA_OPTS_APPEND", "-Djgroups.fd.port-offset=100");
            long t0 = System.nanoTime();
            script = pb.start();
            waitUntilReady(timeout);
            serverProcess().ifPresent(p -> writePid(p.pid()));
            System.out.printf("cluster %s ready on %s after %d s (log: %s)%n", name, url(),
                    Duration.ofNanos(System.nanoTime() - t0).toSeconds(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A graceful stop (SIGTERM, forwarded by kc.sh to the server), as an orchestrator's rolling restart. */
    void stop() {
        closeAdmin();
        if (script == null) return;
        Optional<ProcessHandle> server = serverProcess();
        script.destroy();
        try {
            if (!script.waitFor(60, TimeUnit.SECONDS)) {
                server.ifPresent(ProcessHandle::destroyForcibly);
                script.destroyForcibly();
            }
            // kc.sh returns once the server has exited; wait for the port to be free all the same
            if (server.isPresent()) server.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            server.ifPresent(ProcessHandle::destroyForcibly);
            script.destroyForcibly();
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        }
        script = null;
    }

    /**
     * {@code kill -9} of the server's JVM: no shutdown hook, no leaving the cluster, no flushing; the
     * other node learns of it from JGroups' failure detection, as when a machine dies.
     */
    void kill() {
        closeAdmin();
        if (script == null) return;
        serverProcess().ifPresent(p -> {
            p.destroyForcibly(); // SIGKILL on Linux
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            }
        });
        script.destroyForcibly();
        try {
            script.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        script = null;
    }

    private void closeAdmin() {
        if (admin != null) {
            try {
                admin.close();
            } catch (RuntimeException ignored) {
                // the node may already be gone
            }
            admin = null;
        }
    }

    /** kc.sh runs the server as its child (a JVM); this is that JVM. */
    private Optional<ProcessHandle> serverProcess() {
        if (script == null) return Optional.empty();
        return script.toHandle().children().findFirst();
    }

    private void writePid(long pid) {
        try {
            Files.writeString(home.resolve("data/pkf-node.pid"), Long.toString(pid));
        } catch (IOException ignored) {
            // only a help for the next run's clean-up
        }
    }

    /**
     * A test JVM that died without its shutdown hook leaves this node's server running on our ports:
     * end exactly that process (its pid file, and only if it runs from this node's directory).
     */
    private void killLeftoverFromEarlierRun() throws IOException {
        Path pidFile = home.resolve("data/pkf-node.pid");
        if (!Files.isRegularFile(pidFile)) return;
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().map(c -> c.contains(home.toString())).orElse(false))
                    .ifPresent(p -> {
                        System.out.println("cluster " + name + ": ending the server left over from an earlier run, pid " + pid);
                        p.destroyForcibly();
                        p.onExit().join();
                    });
        } catch (NumberFormatException ignored) {
            // not ours
        }
    }

    private void waitUntilReady(Duration timeout) throws InterruptedException, IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!script.isAlive()) {
                throw new IllegalStateException(name + " exited with " + script.exitValue() + ":\n" + tail(80));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return;
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + ":\n" + tail(80));
    }

    /** Lines this node logged since {@code fromLine} (a value of {@link #logLineCount()}). */
    public List<String> logLinesSince(int fromLine) {
        if (!Files.exists(log)) return List.of();
        try (Stream<String> lines = Files.lines(log)) {
            return lines.skip(fromLine).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int logLineCount() {
        if (!Files.exists(log)) return 0;
        try (Stream<String> lines = Files.lines(log)) {
            return (int) lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the node logged during its most recent start and since. */
    public List<String> logOfLastStart() {
        return logLinesSince(startMarks.isEmpty() ? 0 : startMarks.get(startMarks.size() - 1));
    }

    /** What the node logged from its first start in this run up to its second start (or now). */
    public List<String> logOfFirstStart() {
        if (startMarks.isEmpty()) return List.of();
        List<String> all = logLinesSince(startMarks.get(0));
        int end = startMarks.size() > 1 ? startMarks.get(1) - startMarks.get(0) : all.size();
        return all.subList(0, Math.min(end, all.size()));
    }

    String tail(int n) {
        try {
            List<String> all = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public String toString() {
        return name;
    }

    static Path distribution(Path clusterDir, String node) {
        return clusterDir.resolve(node).resolve("keycloak-" + System.getProperty("pkf.kc.version", "26.7.3"));
    }
}
