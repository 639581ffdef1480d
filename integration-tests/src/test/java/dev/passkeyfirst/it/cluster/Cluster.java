package dev.passkeyfirst.it.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.keycloak.admin.client.Keycloak;

/**
 * Two Keycloak nodes with our jars sharing one PostgreSQL, clustered with Infinispan over JGroups
 * ({@code jdbc-ping}: the nodes find each other through the database), behind an in-test
 * {@link LoadBalancer} on the public address both nodes are configured with. Started once per test
 * JVM and shared by every cluster test class, because on two cores a cluster start costs about a
 * minute; node B starts only after A is ready, since two nodes migrating an empty schema at once race.
 *
 * <p>Ports (none shared with the single-node harness on 18080/19000 or the benchmark on 28080/29000):
 * balancer 16080, nodes 16081/16082 (management 16091/16092, JGroups 16700/16701 and their failure
 * detection 16800/16801), PostgreSQL 15432. All lie below Linux's ephemeral range (32768 and up): a
 * port there can be held for a moment by any outgoing connection of the suite itself, and the
 * cluster's start then found PostgreSQL's port taken.
 * {@code -Dpkf.cluster.portOffset=N} adds N to every one of them, so two checkouts on one machine can
 * run the suite at the same time without one's nodes joining the other's database.
 *
 * <p>Tests change the cluster (kill, restart, uninstall our jars from a node); {@link #ensureStandard()}
 * brings it back to two running nodes with our jars before the next class, so classes do not depend on
 * their order.
 */
public final class Cluster {

    /** Added to every port of the cluster (see the class comment). */
    static final int PORT_OFFSET = Integer.getInteger("pkf.cluster.portOffset", 0);
    public static final int PUBLIC_PORT = Integer.getInteger("pkf.cluster.port", 16080 + PORT_OFFSET);
    /** The one hostname of both nodes: what browsers see, what tokens and WebAuthn origins say. */
    public static final String PUBLIC_URL = "http://localhost:" + PUBLIC_PORT;
    static final int PG_PORT = Integer.getInteger("pkf.cluster.pg.port", 15432 + PORT_OFFSET);

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern VIEW = Pattern.compile("ISPN00009[34]: .*cluster view.*?\\((\\d+)\\)");

    private static Cluster shared;
    /** Why the cluster could not start: later classes report it instead of starting a second one over the leftovers. */
    private static RuntimeException bootFailure;

    private final Path dir;
    private final ClusterNode a;
    private final ClusterNode b;
    private EmbeddedPostgres postgres;
    private LoadBalancer balancer;
    private Keycloak admin;

    private Cluster(Path dir) {
        this.dir = dir;
        this.a = new ClusterNode(this, "node-a", ClusterNode.distribution(dir, "node-a"),
                16081 + PORT_OFFSET, 16091 + PORT_OFFSET, 16700 + PORT_OFFSET);
        this.b = new ClusterNode(this, "node-b", ClusterNode.distribution(dir, "node-b"),
                16082 + PORT_OFFSET, 16092 + PORT_OFFSET, 16701 + PORT_OFFSET);
    }

    /** The cluster of this test JVM, started on first use and stopped when the JVM exits. */
    public static synchronized Cluster shared() {
        if (bootFailure != null) throw new IllegalStateException("the cluster did not start (see the first cluster class)", bootFailure);
        if (shared == null) {
            Cluster c = new Cluster(Path.of(System.getProperty("pkf.cluster.dir", "target/cluster")).toAbsolutePath());
            Runtime.getRuntime().addShutdownHook(new Thread(c::shutdown, "cluster-stop"));
            try {
                c.boot();
            } catch (RuntimeException e) {
                bootFailure = e;
                c.shutdown();
                throw e;
            }
            shared = c;
        }
        shared.ensureStandard();
        return shared;
    }

    private void boot() {
        long t0 = System.nanoTime();
        for (ClusterNode n : nodes()) {
            if (!Files.isRegularFile(n.home().resolve("bin/kc.sh"))) {
                throw new IllegalStateException("No Keycloak distribution at " + n.home() + " (run the tests through Maven: mvn verify)");
            }
        }
        try {
            // the two builds and the database start are independent: overlap them
            CompletableFuture<Void> installA = CompletableFuture.runAsync(() -> a.install(true));
            CompletableFuture<Void> installB = CompletableFuture.runAsync(() -> b.install(true));
            Path data = dir.resolve("postgres");
            endLeftoverPostgres(data);
            // a PostgreSQL of someone else's run on our port would be taken for ours (it accepts the
            // connections ours was to accept), and its end would take our nodes' database away mid-run
            requireFreePort(PG_PORT, "PostgreSQL");
            postgres = EmbeddedPostgres.builder().setPort(PG_PORT).setDataDirectory(data).setCleanDataDirectory(true)
                    // two pools of up to 40 plus the tests' own connections
                    .setServerConfig("max_connections", "200")
                    .start();
            installA.join();
            installB.join();
            balancer = new LoadBalancer(PUBLIC_PORT, nodes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        a.start(START_TIMEOUT);
        b.start(START_TIMEOUT);
        awaitClusterOf(List.of(a, b));
        System.out.printf("cluster of %s and %s behind %s ready after %d s%n", a, b, PUBLIC_URL,
                Duration.ofNanos(System.nanoTime() - t0).toSeconds());
    }

    /**
     * A test JVM that died without its shutdown hook leaves its PostgreSQL running on our port: end
     * exactly that server (the pid in its own data directory) and start from an empty directory.
     */
    private static void endLeftoverPostgres(Path data) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (Files.isRegularFile(pidFile)) {
            try {
                long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
                ProcessHandle.of(pid).filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
                        .ifPresent(p -> {
                            System.out.println("cluster: ending the PostgreSQL left over from an earlier run, pid " + pid);
                            p.destroy();
                            p.onExit().join();
                        });
            } catch (NumberFormatException | IndexOutOfBoundsException ignored) {
                // not a running server's file
            }
        }
        if (Files.exists(data)) {
            try (var walk = Files.walk(data)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
    }

    private static void requireFreePort(int port, String what) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new IllegalStateException(what + " port " + port + " is in use by another process (another checkout's"
                    + " cluster suite?); run with -Dpkf.cluster.portOffset=N to move every cluster port by N", e);
        }
    }

    public ClusterNode nodeA() {
        return a;
    }

    public ClusterNode nodeB() {
        return b;
    }

    public List<ClusterNode> nodes() {
        return List.of(a, b);
    }

    public ClusterNode other(ClusterNode node) {
        return node == a ? b : a;
    }

    /** A node's own address (not the public one): for admin calls and health checks that must reach exactly it. */
    public String url(ClusterNode node) {
        return node.url();
    }

    public LoadBalancer balancer() {
        return balancer;
    }

    /** An admin client through the balancer: it keeps working while one node is down. */
    public synchronized Keycloak admin() {
        if (admin == null) admin = Keycloak.getInstance(PUBLIC_URL, "master", "admin", "admin", "admin-cli");
        return admin;
    }

    /** A new connection to the database both nodes share (user and database {@code postgres}). */
    public Connection jdbc() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + PG_PORT + "/postgres";
    }

    /** {@code kill -9} of the node's server. The other node carries on alone. */
    public synchronized void kill(ClusterNode node) {
        node.kill();
        balancer.resetConnections();
    }

    /** A graceful stop: the node leaves the cluster and hands its cache entries over. */
    public synchronized void stop(ClusterNode node) {
        node.stop();
        balancer.resetConnections();
    }

    /** Starts a stopped or killed node and waits until it is ready and has joined the running nodes. */
    public synchronized void start(ClusterNode node) {
        node.start(START_TIMEOUT);
        balancer.resetConnections();
        awaitClusterOf(nodes().stream().filter(ClusterNode::isRunning).toList());
    }

    /** A rolling restart of one node. */
    public synchronized void restart(ClusterNode node) {
        stop(node);
        start(node);
    }

    /**
     * A full restart: both nodes down, then A, then B. Cache contents (single-use claims, sessions
     * that live only in memory) are gone afterwards; the database is not.
     */
    public synchronized void restartAll() {
        stop(b);
        stop(a);
        start(a);
        start(b);
    }

    /**
     * What an admin does to uninstall the pack from one node: stop it, remove our jars and rebuild with
     * the project's install script, start it again. {@link #ensureStandard()} puts them back.
     */
    public synchronized void uninstallPack(ClusterNode node) {
        stop(node);
        node.install(false);
        start(node);
    }

    /** Both nodes running with our jars: what each test class starts from. */
    public synchronized void ensureStandard() {
        for (ClusterNode n : nodes()) {
            if (!n.hasOurJars()) {
                if (n.isRunning()) stop(n);
                n.install(true);
            }
        }
        if (!a.isRunning()) start(a);
        if (!b.isRunning()) start(b);
        balancer.roundRobin();
    }

    /**
     * Waits until every given node's latest Infinispan view has exactly these members' count, so a
     * test never runs against two nodes that have not (yet, or again) formed one cluster.
     */
    void awaitClusterOf(List<ClusterNode> members) {
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            boolean all = true;
            for (ClusterNode n : members) {
                if (lastViewSize(n) != members.size()) all = false;
            }
            if (all) return;
            if (System.nanoTime() > end) {
                StringBuilder s = new StringBuilder("nodes did not form a cluster of " + members.size() + ":");
                for (ClusterNode n : members) s.append("\n--- ").append(n).append(" (view ").append(lastViewSize(n)).append(")\n").append(n.tail(30));
                throw new IllegalStateException(s.toString());
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static int lastViewSize(ClusterNode n) {
        int size = -1;
        for (String line : n.logOfLastStart()) {
            Matcher m = VIEW.matcher(line);
            if (m.find()) size = Integer.parseInt(m.group(1));
        }
        return size;
    }

    /**
     * The end of the test JVM. The nodes are killed, not stopped: embedded PostgreSQL's own shutdown hook
     * stops the database at this same moment, and a graceful stop would log errors against a closing
     * database; nothing of the run needs preserving.
     */
    private void shutdown() {
        b.kill();
        a.kill();
        // once only: after a failed start, then again from the shutdown hook
        if (balancer != null) balancer.close();
        balancer = null;
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException ignored) {
                // going down anyway
            }
        }
        postgres = null;
    }
}
