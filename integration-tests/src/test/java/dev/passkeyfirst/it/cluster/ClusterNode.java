package dev.passkeyfirst.it.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.passkeyfirst.it.harness.KeycloakServer;
import dev.passkeyfirst.testsupport.KeycloakLauncher;
import org.keycloak.admin.client.Keycloak;

/**
 * One Keycloak node of the test cluster: its own copy of the distribution (so one node can lose our
 * jars while the other keeps them), its own ports, one log file that every start of the node appends
 * to, and the java process itself, so {@link #kill()} is a real {@code kill -9} of the server.
 */
public final class ClusterNode {

    public final String name;
    public final int httpPort;
    public final int managementPort;
    public final int clusterPort;
    private final KeycloakLauncher launcher;
    private Keycloak admin;
    private boolean withOurJars = true;
    /** Log line counts at the beginning of each start, so a test can read what one start logged. */
    private final List<Integer> startMarks = new ArrayList<>();

    ClusterNode(Cluster cluster, String name, Path home, int httpPort, int managementPort, int clusterPort) {
        this.name = name;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.clusterPort = clusterPort;
        this.launcher = KeycloakLauncher.builder(home)
                .name(name)
                .ports(httpPort, managementPort)
                // one public address for both nodes, as behind a load balancer: tokens, cookies and
                // WebAuthn origins are the balancer's, whichever node answers
                .hostname(Cluster.PUBLIC_URL)
                .postgres(cluster.jdbcUrl(), "postgres", "postgres")
                .startOptions(
                        // small pools: two nodes share one test PostgreSQL (max_connections 200)
                        "--db-pool-initial-size=2", "--db-pool-min-size=2", "--db-pool-max-size=40",
                        "--cache=ispn", "--cache-stack=jdbc-ping",
                        "--cache-embedded-network-bind-address=127.0.0.1", "--cache-embedded-network-bind-port=" + clusterPort,
                        "--spi-cache-embedded-default-node-name=" + name,
                        // the account history's retention runs every 15 s, not every hour: ClusterActivityTest waits for it
                        "--spi-admin-realm-restapi-extension--passkey-first--activity-purge-interval-seconds=15")
                .logLevel("INFO,dev.passkeyfirst:DEBUG")
                .heap("-Xms192m -Xmx768m")
                // JGroups' failure detection listens on bind port + offset (default 50000: past 65535 here)
                .javaOptions("-Djgroups.fd.port-offset=100")
                .appendLog(home.getParent().resolve(name + ".log"))
                .installScript(KeycloakServer.INSTALL_SCRIPT)
                .build();
    }

    /** The node's own address, bypassing the load balancer (admin calls, health, direct posts). */
    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public Path home() {
        return launcher.home();
    }

    public Path logFile() {
        return launcher.logFile();
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
        return launcher.isRunning();
    }

    /** Installs our jars or, with {@code ours == false}, removes them, as an admin uninstalls the pack. */
    void install(boolean ours) {
        launcher.install(ours ? KeycloakLauncher.jarsIn(KeycloakServer.JARS) : List.of());
        withOurJars = ours;
    }

    /** Starts the server and waits until its readiness check answers; the log is appended to. */
    void start(Duration timeout) {
        if (isRunning()) throw new IllegalStateException(name + " is already running");
        try {
            killLeftoverFromEarlierRun();
            Files.deleteIfExists(home().resolve("data/pkf-node.pid"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startMarks.add(logLineCount());
        Duration took = launcher.start(timeout);
        launcher.server().ifPresent(p -> writePid(p.pid()));
        System.out.printf("cluster %s ready on %s after %d s (log: %s)%n", name, url(), took.toSeconds(), logFile());
    }

    /** A graceful stop (SIGTERM, forwarded by kc.sh to the server), as an orchestrator's rolling restart. */
    void stop() {
        closeAdmin();
        launcher.stop();
    }

    /**
     * {@code kill -9} of the server's JVM: the other node learns of it from JGroups' failure
     * detection, as when a machine dies.
     */
    void kill() {
        closeAdmin();
        launcher.kill();
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

    private void writePid(long pid) {
        try {
            Files.writeString(home().resolve("data/pkf-node.pid"), Long.toString(pid));
        } catch (IOException ignored) {
            // only a help for the next run's clean-up
        }
    }

    /**
     * A test JVM that died without its shutdown hook leaves this node's server running on our ports:
     * end exactly that process (its pid file, and only if it runs from this node's directory).
     */
    private void killLeftoverFromEarlierRun() throws IOException {
        Path pidFile = home().resolve("data/pkf-node.pid");
        if (!Files.isRegularFile(pidFile)) return;
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().map(c -> c.contains(home().toString())).orElse(false))
                    .ifPresent(p -> {
                        System.out.println("cluster " + name + ": ending the server left over from an earlier run, pid " + pid);
                        p.destroyForcibly();
                        p.onExit().join();
                    });
        } catch (NumberFormatException ignored) {
            // not ours
        }
    }

    /** Lines this node logged since {@code fromLine} (a value of {@link #logLineCount()}). */
    public List<String> logLinesSince(int fromLine) {
        return launcher.logLinesSince(fromLine);
    }

    public int logLineCount() {
        return launcher.logLineCount();
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
        return launcher.tail(n);
    }

    @Override
    public String toString() {
        return name;
    }

    static Path distribution(Path clusterDir, String node) {
        return clusterDir.resolve(node).resolve("keycloak-" + System.getProperty("pkf.kc.version", "26.7.3"));
    }
}
