package dev.passkeyfirst.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

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

    private static double delta(Map<String, Double> before, Map<String, Double> after, String key) {
        return after.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0);
    }

    @Test
    void signInsRegistrationsAndRefusalsAreCounted() {
        Map<String, Double> before = MetricsScrape.ofRealm(realm.name);
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
        // a sign-in an application follows with a required action: Keycloak sends its LOGIN from a later request
        WebClient withAction = new WebClient();
        WebClient.Page asked = withAction.get(realm.authUrl("&kc_action=" + dev.passkeyfirst.keycloak.vocabulary.ProviderIds.PASSKEYS));
        Map<String, String> again = key.get(HttpFlows.rpId(asked), asked.origin(), HttpFlows.challenge(asked));
        again.put("pkf.mode", "button");
        WebClient.Page passkeys = withAction.post(asked.formAction("pkf-assertion-form"), again);
        assertTrue(HttpFlows.signedIn(withAction.post(passkeys.doc().selectFirst("#pkf-done").parent().absUrl("action"), Map.of("pkf.done", "1"))));
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

        Map<String, Double> after = MetricsScrape.ofRealm(realm.name);
        assertEquals(1.0, delta(before, after, "pkf_events_total{action=passkey_added, outcome=success}"), after.toString());
        assertEquals(2.0, delta(before, after, "pkf_sign_ins_total{method=passkey_device_bound, mode=button}"),
                "both sign-ins, the one followed by a required action too: " + after);
        assertEquals(1.0, delta(before, after, "pkf_sign_ins_total{method=password, mode=password}"), after.toString());
        assertEquals(1.0, delta(before, after, "pkf_events_total{action=password_sign_in, outcome=success}"), after.toString());
        double refusals = after.entrySet().stream().filter(e -> e.getKey().startsWith("pkf_sign_in_failures_total"))
                .mapToDouble(e -> e.getValue() - before.getOrDefault(e.getKey(), 0.0)).sum();
        assertEquals(1.0, refusals, "the refused assertion, by its reason: " + after);
    }

    @Test
    void theAddDeviceAndRecoveryFunnelsMove() {
        Map<String, Double> before = MetricsScrape.ofRealm(realm.name);
        // a device added from start to finish
        PairingHttp.DeviceA a = new PairingHttp.DeviceA(realm, mailbox, "metrics-pair@example.org");
        WebClient b = new WebClient();
        WebClient.Page bPage = PairingHttp.join(b, a.link(), new SoftAuthenticator());
        WebClient.Page approve = a.typeCode(PairingHttp.code(bPage));
        assertTrue(a.client.post(approve.formAction("pkf-assertion-form"), a.approval()).body().contains("The new device was added"));
        // a recovery taken to its waiting period, which signs the browser in as a fallback session
        RecoverySteps steps = new RecoverySteps(realm, mailbox, server);
        steps.recoverToWaiting(steps.account("metrics-recovery"));

        Map<String, Double> after = MetricsScrape.ofRealm(realm.name);
        for (String action : new String[]{"add_device_started", "add_device_opened", "add_device_passkey_pending", "add_device_approved",
                "recovery_link_sent", "recovery_proof", "recovery_waiting"}) {
            assertEquals(1.0, delta(before, after, "pkf_events_total{action=" + action + ", outcome=success}"), action + ": " + after);
        }
        assertEquals(1.0, delta(before, after, "pkf_sign_ins_total{method=fallback_email, mode=recovery}"), after.toString());
    }
}
