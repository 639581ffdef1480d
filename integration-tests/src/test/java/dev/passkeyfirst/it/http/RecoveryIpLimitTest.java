package dev.passkeyfirst.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Test;

/**
 * The per-address limit on recovery messages: one address asking for many accounts gets the
 * realm's number of messages and then the same answer with nothing sent; the limit belongs to the
 * realm that sets it, so another realm's users are not starved by this one's traffic.
 */
class RecoveryIpLimitTest extends ServerTest {

    private static final int PER_IP = 3;

    @Override
    protected TestRealm createRealm() {
        return limitedRealm();
    }

    private TestRealm limitedRealm() {
        return TestRealm.create(server, mailbox.smtpPort(), rep -> rep.getAuthenticatorConfig().stream()
                .filter(c -> c.getAlias().equals("pkf-recovery")).forEach(c -> {
                    Map<String, String> config = new HashMap<>(c.getConfig());
                    config.put("pkf.recoveryMailsPerIp", String.valueOf(PER_IP));
                    c.setConfig(config);
                }));
    }

    @Test
    void oneAddressGetsTheRealmsNumberOfMessagesAndOtherRealmsAreNotAffected() {
        int accounts = PER_IP + 2;
        String firstAnswer = null;
        for (int i = 0; i < accounts; i++) {
            String email = "limited" + i + "@example.org";
            realm.createUser(email);
            WebClient.Page answer = ask(realm, email);
            assertTrue(answer.status() < 400, answer.body());
            String page = answer.pageId();
            if (firstAnswer == null) firstAnswer = page;
            // the refused ones look like the others: the limit must not tell which accounts exist
            assertEquals(firstAnswer, page);
        }
        for (int i = 0; i < PER_IP; i++) {
            String email = "limited" + i + "@example.org";
            assertTrue(mailbox.await(m -> m.to().contains(email), Duration.ofSeconds(20)).isPresent(), "no message for " + email);
        }
        for (int i = PER_IP; i < accounts; i++) {
            String email = "limited" + i + "@example.org";
            assertTrue(mailbox.await(m -> m.to().contains(email), Duration.ofSeconds(3)).isEmpty(), "a message over the limit for " + email);
        }

        // the same address, another realm with the same limit: its own slots are all free
        TestRealm other = limitedRealm();
        try {
            other.createUser("elsewhere@example.org");
            assertTrue(ask(other, "elsewhere@example.org").status() < 400);
            assertTrue(mailbox.await(m -> m.to().contains("elsewhere@example.org"), Duration.ofSeconds(20)).isPresent(),
                    "another realm's limit was used up by this realm's requests");
        } finally {
            other.close();
        }
    }

    private static WebClient.Page ask(TestRealm realm, String identifier) {
        WebClient client = new WebClient();
        WebClient.Page login = client.get(realm.authUrl());
        WebClient.Page identify = client.get(login.doc().getElementById("pkf-lost-device").absUrl("href"));
        return client.post(identify.formAction("pkf-identify-form"), Map.of("identifier", identifier));
    }
}
