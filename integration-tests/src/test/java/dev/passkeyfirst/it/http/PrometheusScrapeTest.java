package dev.passkeyfirst.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passkeyfirst.it.harness.KeycloakServer;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, item 1 (the Prometheus half): {@code docker/prometheus.yml}, the scrape configuration of
 * the compose demo, read by a real Prometheus (Debian's package, which {@code test.sh} installs)
 * that scrapes the harness's Keycloak. Only the targets change, from the compose nodes to the
 * harness's management port; job name, metrics path, scheme and interval are the file's own, so a
 * wrong path, port or scheme there shows here as a target that is down. The demo runs Prometheus 3
 * (its image) and this Debian's 2.42: the file uses nothing whose meaning differs between them.
 */
class PrometheusScrapeTest extends ServerTest {

    private static final Path CONFIG = Path.of("../docker/prometheus.yml");
    private static final Pattern TARGETS = Pattern.compile("(?m)^(\\s*-?\\s*targets:\\s*)\\[[^\\]]*]");
    private static final Pattern JOB_NAME = Pattern.compile("(?m)^\\s*-?\\s*job_name:\\s*\"?([\\w-]+)\"?\\s*$");
    /**
     * The file's interval stays (15 s today) so the test runs what the demo runs; Prometheus may wait
     * up to one interval before a target's first scrape, and one scrape is all this test needs.
     */
    private static final Duration SCRAPED_WITHIN = Duration.ofSeconds(60);
    private static final String HARNESS_TARGET = "127.0.0.1:" + KeycloakServer.MANAGEMENT_PORT;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void theComposeScrapeConfigBringsOurCountersIntoPrometheus(@TempDir Path dir) throws Exception {
        String prometheus = onPath("prometheus")
                .orElseThrow(() -> new AssertionError("no prometheus on the PATH: ./test.sh installs Debian's package"));
        String original = Files.readString(CONFIG);
        String job = single(JOB_NAME, original, "job_name");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, pointedAtTheHarness(original));

        // before Prometheus starts, so its first scrape already holds the counter: a later sign-in
        // could land just after that scrape and cost a whole further interval
        signInWithAPassword();

        int port = freePort();
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(prometheus, "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String api = "http://127.0.0.1:" + port + "/api/v1/";
            String events = "pkf_events_total{realm=\"" + realm.name + "\",action=\"password_sign_in\",outcome=\"success\"}";
            long deadline = System.nanoTime() + SCRAPED_WITHIN.toNanos();
            JsonNode up = null;
            JsonNode counted = null;
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) fail("prometheus exited with " + process.exitValue() + ":\n" + Files.readString(log));
                up = query(api, "up{job=\"" + job + "\"}");
                counted = query(api, events);
                if (up != null && !up.isEmpty() && "1".equals(value(up.get(0))) && counted != null && !counted.isEmpty()) break;
                Thread.sleep(500);
            }
            String seen = "up: " + up + "\n" + events + ": " + counted + "\ntargets: " + get(api + "targets")
                    + "\nprometheus log:\n" + Files.readString(log);
            assertTrue(up != null && up.size() == 1, "one target, the harness's node\n" + seen);
            assertEquals(HARNESS_TARGET, up.get(0).path("metric").path("instance").asText(), seen);
            assertEquals("1", value(up.get(0)), "the target is up: the file's path and scheme reach Keycloak's metrics\n" + seen);
            assertTrue(counted != null && counted.size() == 1, "our counter, scraped\n" + seen);
            assertEquals(job, counted.get(0).path("metric").path("job").asText(), seen);
            assertEquals("1", value(counted.get(0)), "the one password sign-in\n" + seen);
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void signInWithAPassword() {
        String email = "prometheus@example.org";
        realm.setPassword(realm.createUser(email), "Correct-Horse-7");
        WebClient client = new WebClient();
        WebClient.Page start = client.get(realm.authUrl());
        WebClient.Page step = client.post(start.formAction("pkf-username-form"), Map.of("username", email));
        assertTrue(HttpFlows.signedIn(client.post(step.formAction("pkf-password-form"),
                Map.of("password", "Correct-Horse-7", "pkf.caps", ""))));
    }

    /** The file with its one target list replaced by the harness's node; anything else as it is. */
    static String pointedAtTheHarness(String config) {
        single(TARGETS, config, "targets");
        return TARGETS.matcher(config).replaceFirst("$1" + Matcher.quoteReplacement("[\"" + HARNESS_TARGET + "\"]"));
    }

    /** The first group of the pattern's only match: with a second job or target list this test would have to say which it means. */
    private static String single(Pattern pattern, String config, String what) {
        Matcher m = pattern.matcher(config);
        List<String> found = new ArrayList<>();
        String first = null;
        while (m.find()) {
            if (first == null) first = m.group(1);
            found.add(m.group(0).strip());
        }
        assertEquals(1, found.size(), "one " + what + " in " + CONFIG + ": " + found);
        return first;
    }

    /** The instant vector's samples, or null while Prometheus is not answering yet. */
    private JsonNode query(String api, String promql) throws InterruptedException {
        String body = get(api + "query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (body == null) return null;
        try {
            JsonNode answer = JSON.readTree(body);
            assertEquals("success", answer.path("status").asText(), promql + ": " + body);
            return answer.path("data").path("result");
        } catch (IOException e) {
            throw new AssertionError(promql + ": " + body, e);
        }
    }

    private String get(String url) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String value(JsonNode sample) {
        return sample.path("value").path(1).asText();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Optional<String> onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(d -> Path.of(d, command)).filter(Files::isExecutable).map(Path::toString).findFirst();
    }
}
