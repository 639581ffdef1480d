package dev.passkeyfirst.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.passkeyfirst.it.harness.KeycloakServer;

/** Our samples on the shared server's {@code /metrics}, as the tests read them. */
final class MetricsScrape {

    private static final Pattern SAMPLE = Pattern.compile("^(pkf_\\w+)\\{([^}]*)}\\s+([0-9.eE+-]+)$", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private MetricsScrape() {
    }

    /**
     * Our samples of one realm: "name{label=value,...}" (labels sorted, realm left out) to value.
     * Fails on a label that holds a user or a credential.
     */
    static Map<String, Double> ofRealm(String realmName) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + KeycloakServer.MANAGEMENT_PORT + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            Map<String, Double> out = new HashMap<>();
            Matcher m = SAMPLE.matcher(r.body());
            while (m.find()) {
                Map<String, String> labels = new TreeMap<>();
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) labels.put(l.group(1), l.group(2));
                if (!realmName.equals(labels.remove("realm"))) continue;
                for (String key : labels.keySet()) {
                    assertFalse(labels.get(key).contains("@") || labels.get(key).matches(".*[0-9a-f]{8}-[0-9a-f]{4}.*"),
                            "no user or credential in a label: " + m.group(0));
                }
                out.put(m.group(1) + labels, Double.parseDouble(m.group(3)));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
