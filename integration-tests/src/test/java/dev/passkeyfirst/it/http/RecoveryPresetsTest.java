package dev.passkeyfirst.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.mailbox.Mailbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import dev.passkeyfirst.testsupport.WebClient;
import dev.passkeyfirst.testsupport.SoftAuthenticator;

/**
 * The consumer preset (one email proof, active at once), the SMS gateway sender against a real
 * HTTP server standing in for the gateway, and "this wasn't me" from the notice email.
 */
class RecoveryPresetsTest extends ServerTest {

    private HttpServer gateway;
    private final List<String> gatewayCalls = new CopyOnWriteArrayList<>();
    private int users;

    @Override
    protected TestRealm createRealm() {
        try {
            gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            gateway.createContext("/sms", ex -> {
                gatewayCalls.add(ex.getRequestHeaders().getFirst("Authorization") + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                ex.sendResponseHeaders(202, -1);
                ex.close();
            });
            gateway.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        TestRealm r = TestRealm.create(server, mailbox.smtpPort(), rep -> rep.getAuthenticatorConfig().stream()
                .filter(c -> c.getAlias().equals("pkf-recovery")).forEach(c -> {
                    Map<String, String> config = new HashMap<>(c.getConfig());
                    config.put("pkf.recoveryPreset", "strict");
                    config.put("pkf.smsSender", "http");
                    config.put("pkf.smsGatewayUrl", "http://127.0.0.1:" + gateway.getAddress().getPort() + "/sms");
                    config.put("pkf.smsGatewayHeaderName", "Authorization");
                    config.put("pkf.smsGatewayHeaderValue", "Bearer gateway-secret");
                    c.setConfig(config);
                }));
        r.allowAdminAttributes();
        return r;
    }

    @AfterAll
    void stopGateway() {
        if (gateway != null) gateway.stop(0);
    }

    private record Account(String email, String userId) {
    }

    private Account account() {
        String email = "preset" + (++users) + "@example.org";
        String id = realm.createUser(email);
        assertTrue(HttpFlows.register(realm, mailbox, id, email, new SoftAuthenticator()).status() < 400);
        return new Account(email, id);
    }

    private WebClient.Page linkPage(WebClient client, String email) {
        mailbox.purge();
        WebClient.Page login = client.get(realm.authUrl());
        WebClient.Page identify = client.get(login.doc().getElementById("pkf-lost-device").absUrl("href"));
        client.post(identify.formAction("pkf-identify-form"), Map.of("identifier", email));
        String link = mailbox.await(m -> m.to().contains(email) && m.subject().contains("Recover your"), Duration.ofSeconds(20))
                .orElseThrow().links().stream().filter(l -> l.contains("/recover/")).findFirst().orElseThrow();
        WebClient.Page confirm = client.get(link);
        return client.post(confirm.formAction("pkf-link-form"), Map.of("binding", confirm.doc().selectFirst("input[name=binding]").attr("value")));
    }

    @Test
    void consumerRecoveryByEmailAloneWorksAtOnceAndTheOwnerCanUndoIt() {
        TestRealm strict = realm;
        realm = TestRealm.create(server, mailbox.smtpPort(), rep -> rep.getAuthenticatorConfig().stream()
                .filter(c -> c.getAlias().equals("pkf-recovery")).forEach(c -> {
                    Map<String, String> config = new HashMap<>(c.getConfig());
                    config.put("pkf.recoveryPreset", "consumer");
                    c.setConfig(config);
                }));
        try {
            consumer();
        } finally {
            realm.close();
            realm = strict;
        }
    }

    private void consumer() {
        Account a = account();
        WebClient client = new WebClient();
        WebClient.Page create = linkPage(client, a.email());
        assertEquals("create", create.doc().getElementById("pkf-recover").attr("data-pkf-view"), "no second proof under 'consumer'");
        SoftAuthenticator recovered = new SoftAuthenticator();
        WebClient.Page review = client.post(create.formAction("pkf-create-form"), HttpFlows.attestation(create, recovered, "recovered"));
        assertTrue(review.body().contains("Your account is recovered"), review.body());
        assertEquals(2, realm.resource.users().get(a.userId()).credentials().size());
        recovered.userHandle = HttpFlows.utf8(a.userId());
        assertTrue(HttpFlows.signedIn(HttpFlows.signIn(new WebClient(), realm, recovered)), "the recovered passkey works at once");

        // the notice reaches the owner; "this wasn't me": GET shows, POST undoes
        Mailbox.Mail notice = mailbox.await(m -> m.to().contains(a.email()) && m.subject().contains("was recovered"), Duration.ofSeconds(20)).orElseThrow();
        String notMe = notice.links().stream().filter(l -> l.contains("/not-me/")).findFirst().orElseThrow();
        WebClient owner = new WebClient();
        WebClient.Page page = owner.get(notMe);
        assertEquals(200, page.status());
        assertEquals(2, realm.resource.users().get(a.userId()).credentials().size(), "looking changes nothing");
        WebClient.Page undone = owner.post(page.formAction("pkf-not-me-form"), Map.of("binding", page.doc().selectFirst("input[name=binding]").attr("value")));
        assertTrue(undone.body().contains("The recovery was cancelled"), undone.body());
        assertEquals(1, realm.resource.users().get(a.userId()).credentials().size(), "the recovered passkey is gone");
        assertTrue(!HttpFlows.signedIn(HttpFlows.signIn(new WebClient(), realm, recovered)));
        assertEquals(410, owner.get(notMe).status(), "one use");
    }

    @Test
    void theSecondProofBySmsGoesThroughTheHttpGateway() throws InterruptedException {
        Account a = account();
        realm.setPhone(a.userId(), "+15550009988");
        WebClient client = new WebClient();
        WebClient.Page proofs = linkPage(client, a.email());
        assertEquals("proofs", proofs.doc().getElementById("pkf-recover").attr("data-pkf-view"), proofs.body());
        assertTrue(proofs.body().contains("***88"), "masked, and only after the first proof");
        gatewayCalls.clear();
        WebClient.Page otp = client.post(proofs.formAction("pkf-proofs-form"), Map.of("pkf.method", "SMS"));
        String call = null;
        for (int i = 0; i < 50 && call == null; i++) {
            if (!gatewayCalls.isEmpty()) call = gatewayCalls.get(0);
            else Thread.sleep(100);
        }
        assertTrue(call != null, "the gateway was called");
        assertTrue(call.startsWith("Bearer gateway-secret {\"to\":\"+15550009988\""), call);
        Matcher m = Pattern.compile("(\\d{6})").matcher(call.substring(call.indexOf("\"text\"")));
        assertTrue(m.find(), call);
        WebClient.Page wrong = client.post(otp.formAction("pkf-otp-form"), Map.of("pkf.otp", m.group(1).equals("000000") ? "111111" : "000000"));
        assertTrue(wrong.error().contains("not valid"));
        WebClient.Page create = client.post(wrong.formAction("pkf-otp-form"), Map.of("pkf.otp", m.group(1)));
        assertEquals("create", create.doc().getElementById("pkf-recover").attr("data-pkf-view"), "email and SMS: two kinds, active at once");
    }
}
