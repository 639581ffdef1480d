package dev.passkeyfirst.it.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The cluster's public address ({@link Cluster#PUBLIC_URL}): a small reverse proxy under the test's
 * control, standing where a production load balancer stands. Both nodes are configured with this one
 * hostname, so pages, cookies, redirects and WebAuthn origins are the same whichever node answers;
 * a browser or HTTP client always talks to this address, and the test decides per request which node
 * serves it:
 * <ul>
 * <li>a request carrying {@value #ROUTE_HEADER}{@code : node-b} goes to that node and nowhere else
 * (a {@code Browser} sets it for all its requests through the DevTools protocol, a {@code WebClient}
 * view through {@code withHeader}); if the node is down the answer is a 502, as from a balancer with
 * no failover;</li>
 * <li>any other request goes to the node set with {@link #sendTo}, or, by default, to the nodes in
 * turn (round robin, no stickiness: the harder case), skipping a node that refuses connections.</li>
 * </ul>
 * Every answer says which node gave it in a {@value #ROUTE_HEADER} response header, and
 * {@link #served()} lists recent requests with their node, so a test can prove where each step ran.
 */
public final class LoadBalancer implements AutoCloseable {

    public static final String ROUTE_HEADER = "X-Pkf-Node";

    /** Hop-by-hop headers (RFC 9110 §7.6.1) and those Java's client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect",
            ROUTE_HEADER.toLowerCase(Locale.ROOT));

    public record Served(String method, String path, String node, int status) {
    }

    private final List<ClusterNode> nodes;
    private final HttpServer server;
    private final ExecutorService workers;
    private final AtomicInteger turn = new AtomicInteger();
    private final List<Served> served = Collections.synchronizedList(new ArrayList<>());
    private volatile ClusterNode fixed;
    private volatile HttpClient upstream = newUpstream();

    LoadBalancer(int port, List<ClusterNode> nodes) throws IOException {
        this.nodes = List.copyOf(nodes);
        // enough threads for the 50-at-once tests plus a few browsers
        workers = Executors.newFixedThreadPool(128, r -> {
            Thread t = new Thread(r, "pkf-balancer");
            t.setDaemon(true);
            return t;
        });
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Requests without a route header go to this node only. */
    public void sendTo(ClusterNode node) {
        fixed = node;
    }

    /** Requests without a route header go to the nodes in turn (the default). */
    public void roundRobin() {
        fixed = null;
    }

    /** Recent requests, oldest first, with the node that answered. */
    public List<Served> served() {
        synchronized (served) {
            return List.copyOf(served);
        }
    }

    public void forgetServed() {
        served.clear();
    }

    /**
     * Drops pooled connections to the nodes: after a node was killed or restarted they are dead, and a
     * POST on a dead pooled connection would fail instead of reaching the node that is up again.
     */
    void resetConnections() {
        upstream = newUpstream();
    }

    private static HttpClient newUpstream() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(3)).build();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String route = ex.getRequestHeaders().getFirst(ROUTE_HEADER);
            List<ClusterNode> candidates;
            if (route != null) {
                ClusterNode node = nodes.stream().filter(n -> n.name.equals(route)).findFirst().orElse(null);
                if (node == null) {
                    reply(ex, 400, "unknown node " + route, "-");
                    return;
                }
                candidates = List.of(node);
            } else if (fixed != null) {
                candidates = List.of(fixed);
            } else {
                int first = Math.floorMod(turn.getAndIncrement(), nodes.size());
                candidates = new ArrayList<>();
                for (int i = 0; i < nodes.size(); i++) candidates.add(nodes.get((first + i) % nodes.size()));
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            String target = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
            IOException last = null;
            for (ClusterNode node : candidates) {
                HttpResponse<byte[]> r;
                try {
                    r = upstream.send(request(ex, node, target, body), HttpResponse.BodyHandlers.ofByteArray());
                } catch (ConnectException | HttpConnectTimeoutException down) {
                    // nothing reached that node: safe to try the next one for any method
                    last = down;
                    continue;
                } catch (IOException failed) {
                    // the request may have reached the node: a balancer must not send it twice
                    last = failed;
                    break;
                }
                relay(ex, node, r);
                return;
            }
            reply(ex, 502, "no node answered: " + last, candidates.size() == 1 ? candidates.get(0).name : "-");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            reply(ex, 502, "balancer: " + e, "-");
        } finally {
            ex.close();
        }
    }

    private static HttpRequest request(HttpExchange ex, ClusterNode node, String target, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.url() + target)).timeout(Duration.ofSeconds(90));
        for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
            if (NOT_FORWARDED.contains(h.getKey().toLowerCase(Locale.ROOT))) continue;
            for (String v : h.getValue()) {
                try {
                    b.header(h.getKey(), v);
                } catch (IllegalArgumentException restricted) {
                    // a header Java's client insists on setting itself
                }
            }
        }
        b.method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return b.build();
    }

    private void relay(HttpExchange ex, ClusterNode node, HttpResponse<byte[]> r) throws IOException {
        r.headers().map().forEach((name, values) -> {
            if (name.startsWith(":") || NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) return;
            ex.getResponseHeaders().put(name, values);
        });
        ex.getResponseHeaders().set(ROUTE_HEADER, node.name);
        record(ex, node.name, r.statusCode());
        byte[] body = r.body();
        boolean noBody = body.length == 0 || "HEAD".equals(ex.getRequestMethod()) || r.statusCode() == 204 || r.statusCode() == 304;
        ex.sendResponseHeaders(r.statusCode(), noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        }
    }

    private void reply(HttpExchange ex, int status, String text, String node) throws IOException {
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.getResponseHeaders().set(ROUTE_HEADER, node);
        record(ex, node, status);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    private void record(HttpExchange ex, String node, int status) {
        synchronized (served) {
            served.add(new Served(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), node, status));
            // the recent past is all a test asks about
            if (served.size() > 5000) served.subList(0, 1000).clear();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
