package dev.passkeyfirst.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.passkeyfirst.it.harness.Browser;
import dev.passkeyfirst.it.harness.Callback;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.testsupport.WebClient;
import dev.passkeyfirst.mailbox.Mailbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Base of every cluster test: the shared two-node {@link Cluster} (both nodes up, with our jars), a
 * mailbox and a realm of the class's own made from the demo realm, and the means to send each request
 * to the node the test chooses.
 *
 * <p>Everything a browser or client sees is the public address ({@link Cluster#PUBLIC_URL}, the
 * balancer); the node behind it is chosen per client:
 * <pre>
 *   WebClient c = client();               // one "browser" over HTTP
 *   Page login = via(c, nodeA()).get(realm.authUrl());        // served by A
 *   Page done  = via(c, nodeB()).postNoFollow(action, form);  // same cookies, served by B
 *   assertServedBy(nodeB(), done);
 *
 *   Browser b = new Browser();
 *   route(b, nodeA()); ...; route(b, nodeB()); ...            // every later request of b goes to B
 *   cluster.kill(nodeA()); cluster.start(nodeA());            // kill -9 and back
 *   postAtOnceToBothNodes(c, url, form, 50);                   // a race, half through each node
 * </pre>
 * A two-device flow (add a device by QR code, say) is two browsers routed to different nodes: the
 * first shows the QR code through A, the second opens the link through B, A is killed between the QR
 * code and the approval and the first browser is then routed to B. Links in mails point at the public
 * address, so a browser routed to a node opens them there. {@code cluster.balancer().served()} tells
 * which node answered what; override {@link #expectedLogLine} for errors a killed node causes on the
 * other. Each class gets the cluster back with both nodes up and our jars installed, whatever the class
 * before it did.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ClusterTest {

    protected Cluster cluster;
    protected Mailbox mailbox;
    protected TestRealm realm;
    private final Map<ClusterNode, Integer> logMarks = new HashMap<>();

    @BeforeAll
    void startClusterAndRealm() {
        cluster = Cluster.shared();
        for (ClusterNode n : cluster.nodes()) logMarks.put(n, n.logLineCount());
        Callback.ensureStarted();
        try {
            mailbox = Mailbox.start(0, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        realm = TestRealm.create(cluster.admin(), Cluster.PUBLIC_URL, mailbox.smtpPort(), this::adjustRealm);
    }

    /** Override to adjust the realm a class gets before it is created. */
    protected void adjustRealm(RealmRepresentation rep) {
    }

    @AfterAll
    void dropRealmAndCheckLogs() {
        // a node a test left down or without our jars is brought back by the next class that needs it, not here
        if (realm != null) realm.close();
        if (mailbox != null) mailbox.close();
        // DESIGN §5: failed checks log one line, never a stack trace; nothing we do may log an ERROR, on any node
        StringBuilder bad = new StringBuilder();
        for (ClusterNode n : cluster.nodes()) {
            List<String> lines = n.logLinesSince(logMarks.getOrDefault(n, 0)).stream()
                    .filter(l -> l.startsWith("\tat ") || l.contains(" ERROR ["))
                    .filter(l -> !expectedLogLine(l))
                    .limit(40).toList();
            if (!lines.isEmpty()) bad.append("\n--- ").append(n).append('\n').append(String.join("\n", lines));
        }
        assertTrue(bad.isEmpty(), "cluster logs while " + getClass().getSimpleName() + " ran:" + bad);
    }

    /**
     * Override for log lines a class causes on purpose (a node killed mid-request logs errors on the
     * other node). By default only JGroups' complaint that a TLS connection between the nodes closed
     * before its close_notify is accepted: it is logged as ERROR whenever a node joins or leaves (two
     * connections are opened at once and one is dropped), and says nothing about our pack.
     */
    protected boolean expectedLogLine(String line) {
        return line.contains("ERROR [org.jgroups.protocols.TCP]") && line.contains("failed sending graceful close");
    }

    protected ClusterNode nodeA() {
        return cluster.nodeA();
    }

    protected ClusterNode nodeB() {
        return cluster.nodeB();
    }

    /** A new HTTP "browser" of the cluster's public address; without {@link #via} the balancer picks the node. */
    protected WebClient client() {
        return new WebClient(WebClient.CHROME);
    }

    /** The same client (same cookies) with every request served by {@code node}. */
    protected static WebClient via(WebClient client, ClusterNode node) {
        return client.withHeader(LoadBalancer.ROUTE_HEADER, node.name);
    }

    /** Every request {@code browser} makes from now on is served by {@code node}. */
    protected static void route(Browser browser, ClusterNode node) {
        browser.setExtraHeader(LoadBalancer.ROUTE_HEADER, node.name);
    }

    protected static void assertServedBy(ClusterNode node, WebClient.Page page) {
        assertEquals(node.name, page.header(LoadBalancer.ROUTE_HEADER), "the node that answered " + page.url());
    }

    /**
     * Runs the calls at the same instant (all threads wait on one latch) and returns their results in
     * order: for races between nodes, e.g. a link redeemed 50 times, half through each node.
     */
    protected static <T> List<T> atOnce(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) results.add(f.get(2, TimeUnit.MINUTES));
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Posts one form {@code count} times at once with one client's cookies, alternating A, B, A, ...;
     * redirects are not followed (a loser's redirect followed with the winner's fresh cookie would
     * sign in again through SSO, which is not the ceremony completing twice).
     */
    protected List<WebClient.Page> postAtOnceToBothNodes(WebClient client, String url, Map<String, String> form, int count) throws Exception {
        List<Callable<WebClient.Page>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            WebClient routed = via(client, i % 2 == 0 ? nodeA() : nodeB());
            calls.add(() -> routed.postNoFollow(url, form));
        }
        return atOnce(calls);
    }

    /** Requests the balancer passed on since {@code LoadBalancer.forgetServed()}, whose path contains {@code part}. */
    protected List<LoadBalancer.Served> served(String method, String part) {
        return cluster.balancer().served().stream().filter(s -> s.method().equals(method) && s.path().contains(part)).toList();
    }
}
