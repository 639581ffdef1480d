package dev.passkeyfirst.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.keycloak.model.RecoveryDueMark;
import org.keycloak.representations.idm.UserRepresentation;
import org.junit.jupiter.api.Test;
import dev.passkeyfirst.testsupport.WebClient;
import dev.passkeyfirst.testsupport.SoftAuthenticator;

/**
 * A waiting period lives in the database: a restart neither loses nor shortens it. The account's due
 * mark (the username step reads pending passkeys only once it is reached) is set by the recovery, put
 * back at start for a recovery that has none (one begun under an older version), and goes once the
 * passkey is active.
 */
class RecoveryWaitingRestartTest extends ServerTest {

    @Override
    protected TestRealm createRealm() {
        return TestRealm.create(server, mailbox.smtpPort(), rep -> rep.getAuthenticatorConfig().stream()
                .filter(c -> c.getAlias().equals("pkf-recovery")).forEach(c -> {
                    Map<String, String> config = new HashMap<>(c.getConfig());
                    config.put("pkf.waitingMinutes", "1");
                    c.setConfig(config);
                }));
    }

    /** A recovery of the account that ends in a waiting passkey; returns that passkey, not yet usable. */
    private SoftAuthenticator recoverToWaiting(String email, String userId) {
        WebClient client = new WebClient();
        mailbox.purge();
        WebClient.Page login = client.get(realm.authUrl());
        WebClient.Page identify = client.get(login.doc().getElementById("pkf-lost-device").absUrl("href"));
        client.post(identify.formAction("pkf-identify-form"), Map.of("identifier", email));
        String link = mailbox.await(m -> m.to().contains(email) && m.subject().contains("Recover your"), Duration.ofSeconds(20))
                .orElseThrow().links().stream().filter(l -> l.contains("/recover/")).findFirst().orElseThrow();
        WebClient.Page confirm = client.get(link);
        WebClient.Page create = client.post(confirm.formAction("pkf-link-form"), Map.of("binding", confirm.doc().selectFirst("input[name=binding]").attr("value")));
        assertEquals("create-waiting", create.doc().getElementById("pkf-recover").attr("data-pkf-view"), create.body());
        SoftAuthenticator recovered = new SoftAuthenticator();
        WebClient.Page waiting = client.post(create.formAction("pkf-create-form"), HttpFlows.attestation(create, recovered, "waiting"));
        assertTrue(waiting.body().contains("Your new passkey will work from"), waiting.body());
        recovered.userHandle = HttpFlows.utf8(userId);
        return recovered;
    }

    /** The ids the username step asks the browser for. */
    private List<String> offered(String email) {
        WebClient client = new WebClient();
        WebClient.Page login = client.get(realm.authUrl());
        Map<String, String> form = login.formFields("pkf-username-form");
        form.put("username", email);
        WebClient.Page step = client.post(login.formAction("pkf-username-form"), form);
        List<String> ids = new ArrayList<>();
        step.data("pkf-data").get("allowCredentials").forEach(d -> ids.add(d.get("id").asText()));
        return ids;
    }

    private Long dueMark(String userId) {
        List<String> v = Optional.ofNullable(realm.resource.users().get(userId).toRepresentation().getAttributes())
                .map(a -> a.get(RecoveryDueMark.ATTRIBUTE)).orElse(null);
        return v == null || v.isEmpty() ? null : Long.valueOf(v.get(0));
    }

    private void setDueMark(String userId, String value) {
        UserRepresentation u = realm.resource.users().get(userId).toRepresentation();
        Map<String, List<String>> attributes = new HashMap<>(Optional.ofNullable(u.getAttributes()).orElse(Map.of()));
        if (value == null) attributes.remove(RecoveryDueMark.ATTRIBUTE); else attributes.put(RecoveryDueMark.ATTRIBUTE, List.of(value));
        u.setAttributes(attributes);
        realm.resource.users().get(userId).update(u);
    }

    @Test
    void theWaitingPasskeyActivatesAfterARestartAndNotBefore() throws InterruptedException {
        // the admin reads and changes the due mark below
        realm.allowAdminAttributes();
        String email = "patient@example.org";
        String userId = realm.createUser(email);
        assertTrue(HttpFlows.register(realm, mailbox, userId, email, new SoftAuthenticator()).status() < 400);
        long created = System.currentTimeMillis();
        SoftAuthenticator recovered = recoverToWaiting(email, userId);
        String lateNotMe = mailbox.await(m -> m.to().contains(email) && m.links().stream().anyMatch(l -> l.contains("/not-me/")), Duration.ofSeconds(20))
                .orElseThrow().links().stream().filter(l -> l.contains("/not-me/")).findFirst().orElseThrow();

        // another account's recovery, which its owner stops after the restart with the notice's link
        String ownerEmail = "watchful@example.org";
        String ownerId = realm.createUser(ownerEmail);
        SoftAuthenticator ownersKey = new SoftAuthenticator();
        assertTrue(HttpFlows.register(realm, mailbox, ownerId, ownerEmail, ownersKey).status() < 400);
        SoftAuthenticator intruder = recoverToWaiting(ownerEmail, ownerId);
        String notMe = mailbox.await(m -> m.to().contains(ownerEmail) && m.links().stream().anyMatch(l -> l.contains("/not-me/")), Duration.ofSeconds(20))
                .orElseThrow().links().stream().filter(l -> l.contains("/not-me/")).findFirst().orElseThrow();

        Long mark = dueMark(userId);
        assertTrue(mark != null && mark >= created + 60_000 && mark <= System.currentTimeMillis() + 60_000,
                "the recovery marks when its passkey comes due: " + mark);
        // a recovery begun before the mark existed: the start puts it back
        setDueMark(userId, null);

        server.restart();
        assertEquals(mark, dueMark(userId), "marked again at start");
        assertEquals(1, realm.resource.users().get(userId).credentials().size(), "after the restart: still waiting, not a credential");
        assertFalse(HttpFlows.signedIn(HttpFlows.signIn(new WebClient(), realm, recovered)), "not before the period ends");

        // "this wasn't me" outlives the restart, and works once
        WebClient owner = new WebClient();
        WebClient.Page page = owner.get(notMe);
        assertEquals(200, page.status(), page.body());
        WebClient.Page undone = owner.post(page.formAction("pkf-not-me-form"), Map.of("binding", page.doc().selectFirst("input[name=binding]").attr("value")));
        assertEquals(200, undone.status(), undone.body());
        assertEquals(410, owner.get(notMe).status(), "one use, after a restart too");

        long left = created + 61_000 - System.currentTimeMillis();
        if (left > 0) Thread.sleep(left);
        // the username step activates the due passkey and asks for it by id; the mark goes with it
        assertTrue(offered(email).contains(recovered.credentialIdB64()), "the username step offers the recovered passkey once due");
        assertEquals(null, dueMark(userId), "nothing waits any more");
        // the cancelled recovery's mark stays until it is reached, is read once then, and goes
        Long ownerMark = dueMark(ownerId);
        assertTrue(ownerMark != null, "cancelling leaves the mark; the first read after it removes it");
        long untilOwners = ownerMark + 500 - System.currentTimeMillis();
        if (untilOwners > 0) Thread.sleep(untilOwners);
        assertFalse(offered(ownerEmail).contains(intruder.credentialIdB64()));
        assertEquals(null, dueMark(ownerId));
        assertTrue(HttpFlows.signedIn(HttpFlows.signIn(new WebClient(), realm, recovered)), "after the period, across the restart");
        assertEquals(2, realm.resource.users().get(userId).credentials().size());
        assertFalse(HttpFlows.signedIn(HttpFlows.signIn(new WebClient(), realm, intruder)), "the cancelled recovery never activates");
        assertEquals(1, realm.resource.users().get(ownerId).credentials().size());

        // the first account's owner reads the notice only now: its link still undoes that recovery,
        // whose passkey has become a credential in the meantime
        WebClient late = new WebClient();
        WebClient.Page latePage = late.get(lateNotMe);
        assertEquals(200, latePage.status(), latePage.body());
        late.post(latePage.formAction("pkf-not-me-form"), Map.of("binding", latePage.doc().selectFirst("input[name=binding]").attr("value")));
        assertEquals(1, realm.resource.users().get(userId).credentials().size(), "the recovered passkey is gone again");
        assertFalse(HttpFlows.signedIn(HttpFlows.signIn(new WebClient(), realm, recovered)));
    }
}
