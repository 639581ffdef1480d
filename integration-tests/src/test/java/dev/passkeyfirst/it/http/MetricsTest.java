package dev.passkeyfirst.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.passkeyfirst.it.harness.KeycloakServer;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, item 1 (the event-driven half): our counters on Keycloak's own {@code /metrics}, scraped
 * from the management port after scripted sign-ins. Labels name the realm and closed sets of words,
 * never a user, a credential or an address.
 */
class MetricsTest extends ServerTest {

    private static final Pattern SAMPLE = Pattern.compile("^(pkf_\\w+)\\{([^}]*)}\\s+([0-9.eE+-]+)$", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /** Our samples of this test's realm: "name{label=value,...}" (labels sorted, realm left out) to value. */
    private Map<String, Double> scrape() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + KeycloakServer.MANAGEMENT_PORT + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            Map<String, Double> out = new HashMap<>();
            Matcher m = SAMPLE.matcher(r.body());
            while (m.find()) {
                Map<String, String> labels = new java.util.TreeMap<>();
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) labels.put(l.group(1), l.group(2));
                if (!realm.name.equals(labels.remove("realm"))) continue;
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

    private static double delta(Map<String, Double> before, Map<String, Double> after, String key) {
        return after.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0);
    }

    @Test
    void signInsRegistrationsAndRefusalsAreCounted() {
        Map<String, Double> before = scrape();
        // a passkey made and used
        String email = "metrics@example.org";
        String id = realm.createUser(email);
        SoftAuthenticator key = new SoftAuthenticator();
        assertTrue(HttpFlows.register(realm, mailbox, id, email, key).status() < 400);
        WebClient client = new WebClient();
        WebClient.Page login = client.get(realm.authUrl());
        Map<String, String> form = key.get(HttpFlows.rpId(login), login.origin(), HttpFlows.challenge(login));
        form.put("pkf.mode", "button");
        assertTrue(HttpFlows.signedIn(client.post(login.formAction("pkf-assertion-form"), form)));
        // an assertion for a challenge this page never gave
        WebClient other = new WebClient();
        WebClient.Page page = other.get(realm.authUrl());
        Map<String, String> stale = key.get(HttpFlows.rpId(page), page.origin(), "AAAAAAAAAAAAAAAAAAAAAA");
        stale.put("pkf.mode", "button");
        assertFalse(HttpFlows.signedIn(other.post(page.formAction("pkf-assertion-form"), stale)));
        // a password
        String pw = "metrics-password@example.org";
        String pwId = realm.createUser(pw);
        realm.setPassword(pwId, "Correct-Horse-7");
        WebClient third = new WebClient();
        WebClient.Page start = third.get(realm.authUrl());
        WebClient.Page step = third.post(start.formAction("pkf-username-form"), Map.of("username", pw));
        assertTrue(HttpFlows.signedIn(third.post(step.formAction("pkf-password-form"), Map.of("password", "Correct-Horse-7", "pkf.caps", ""))));

        Map<String, Double> after = scrape();
        assertEquals(1.0, delta(before, after, "pkf_events_total{action=passkey_added, outcome=success}"), after.toString());
        assertEquals(1.0, delta(before, after, "pkf_sign_ins_total{method=passkey_device_bound, mode=button}"), after.toString());
        assertEquals(1.0, delta(before, after, "pkf_sign_ins_total{method=password, mode=password}"), after.toString());
        assertEquals(1.0, delta(before, after, "pkf_events_total{action=password_sign_in, outcome=success}"), after.toString());
        double refusals = after.entrySet().stream().filter(e -> e.getKey().startsWith("pkf_sign_in_failures_total"))
                .mapToDouble(e -> e.getValue() - before.getOrDefault(e.getKey(), 0.0)).sum();
        assertEquals(1.0, refusals, "the refused assertion, by its reason: " + after);
    }
}
