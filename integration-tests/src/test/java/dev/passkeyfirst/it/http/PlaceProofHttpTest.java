package dev.passkeyfirst.it.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.keycloak.recovery.RecoveryConfigProperties;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, item 4: with the sign-in step's "second proof from a new place" on, a passkey sign-in
 * from a network no passkey of the account used asks for another passkey or an emailed code before
 * it counts as level 2; without one the user still gets in, as a level-1 fallback session, and that
 * place is not learnt. The passkey itself is never refused.
 */
class PlaceProofHttpTest extends ServerTest {

    private static final String PLACE_PAGE = Pages.id(Pages.LOGIN_PLACE_PROOF);

    @Override
    protected TestRealm createRealm() {
        return TestRealm.create(server, mailbox.smtpPort(), rep -> rep.getAuthenticatorConfig().forEach(c -> {
            Map<String, String> m = new HashMap<>(c.getConfig());
            if (c.getAlias().equals(ProviderIds.PASSKEY_LOGIN)) {
                m.put("pkf.placeProof", "network");
            } else if (c.getAlias().equals("pkf-recovery")) {
                // a recovery with one proof waits (and keeps waiting for the whole test)
                m.put(RecoveryConfigProperties.PRESET, "strict");
                m.put(RecoveryConfigProperties.WAITING_MINUTES, "30");
            } else {
                return;
            }
            c.setConfig(m);
        }));
    }

    private record Account(String id, String email, SoftAuthenticator key) {
    }

    private Account account(String email) {
        String id = realm.createUser(email);
        SoftAuthenticator key = new SoftAuthenticator();
        assertTrue(HttpFlows.register(realm, mailbox, id, email, key).status() < 400);
        return new Account(id, email, key);
    }

    private static WebClient from(String ip) {
        return new WebClient(WebClient.CHROME).withHeader("X-Forwarded-For", ip);
    }

    private WebClient.Page passkey(WebClient client, WebClient.Page login, SoftAuthenticator key) {
        return client.post(login.formAction("pkf-assertion-form"), key.get(HttpFlows.rpId(login), login.origin(), HttpFlows.challenge(login)));
    }

    private WebClient.Page signIn(WebClient client, SoftAuthenticator key, String extra) {
        return passkey(client, client.get(realm.authUrl(extra)), key);
    }

    private JsonNode idToken(WebClient.Page signedIn) {
        HttpResponse<String> tokens = OidcHttp.codeToToken(realm, TestRealm.CLIENT_ID, null, TestRealm.REDIRECT, signedIn.location());
        assertEquals(200, tokens.statusCode(), tokens.body());
        return OidcHttp.claims(OidcHttp.json(tokens.body()).get("id_token").asText());
    }

    private static WebClient.Page choose(WebClient client, WebClient.Page page, String choice, String... more) {
        Map<String, String> form = new HashMap<>(Map.of("pkf.place", choice));
        for (int i = 0; i + 1 < more.length; i += 2) form.put(more[i], more[i + 1]);
        return client.post(page.doc().selectFirst("form[action]").absUrl("action"), form);
    }

    /**
     * The page that asks the owner about a waiting recovery comes after the passkey and before the
     * new-place proof: a "continue" forged on it (the Signal API page's button) must not skip the proof.
     */
    @Test
    void aForgedContinueOnTheRecoveryQuestionStillAsksForTheNewPlacesProof() {
        RecoverySteps steps = new RecoverySteps(realm, mailbox, server);
        RecoverySteps.Account a = steps.account("place-recovery");
        steps.recoverToWaiting(a);
        WebClient attacker = from("10.9.8.7");
        WebClient.Page question = signIn(attacker, a.passkey(), "");
        assertEquals(RecoverySteps.PENDING_PAGE, question.pageId(), question.body());
        WebClient.Page forged = attacker.post(question.doc().selectFirst("form[action]").absUrl("action"), Map.of("pkf.continue", "1"));
        assertFalse(HttpFlows.signedIn(forged), "signed in from a new network without its proof");
        assertEquals(PLACE_PAGE, forged.pageId(), forged.body());
    }

    /**
     * Whoever knows a password-only account's password can make its first passkey after signing in
     * (the nudge): that passkey's place is the password's word, so its first passkey sign-in from
     * there is still asked for the second proof.
     */
    @Test
    void aPasskeyMadeAfterAPasswordSignInDoesNotVouchForItsPlace() {
        String email = "place-nudge@example.org";
        String id = realm.createUser(email);
        realm.setPassword(id, "Correct-Horse-7");
        WebClient there = from("10.4.4.4");
        WebClient.Page login = there.get(realm.authUrl());
        WebClient.Page step = there.post(login.formAction("pkf-username-form"), Map.of("username", email));
        WebClient.Page nudge = there.post(step.formAction("pkf-password-form"),
                Map.of("password", "Correct-Horse-7", "pkf.caps", "create", "username", ""));
        assertEquals(Pages.id(Pages.PASSKEY_NUDGE), nudge.pageId(), nudge.body());
        SoftAuthenticator key = new SoftAuthenticator();
        WebClient.Page made = there.post(nudge.formAction("pkf-create-form"), HttpFlows.attestation(nudge, key, "made here"));
        assertTrue(HttpFlows.signedIn(made), made.body());
        key.userHandle = HttpFlows.utf8(id);

        WebClient.Page asked = signIn(from("10.4.4.5"), key, "");
        assertEquals(PLACE_PAGE, asked.pageId(), "the same network is still asked: " + asked.body());
    }

    @Test
    void aNetworkTheAccountUsedAsksNothing() {
        Account a = account("place-home@example.org");
        WebClient.Page done = signIn(from("127.0.0.9"), a.key(), "");
        assertTrue(HttpFlows.signedIn(done), done.body());
        assertEquals("passkey", idToken(done).path("acr").asText());
    }

    @Test
    void aNewNetworkIsAskedAndAnEmailedCodeGivesTheFullLevel() {
        Account a = account("place-code@example.org");
        WebClient client = from("10.1.2.3");
        WebClient.Page asked = signIn(client, a.key(), "");
        assertEquals(PLACE_PAGE, asked.pageId(), "the passkey worked; the place is asked about: " + asked.body());
        assertNull(asked.error(), "nothing was refused");
        assertNotNull(asked.doc().getElementById("pkf-place-limited"), "a way on without a second proof");
        assertNull(asked.doc().getElementById("pkf-place-passkey"), "no other passkey to offer");

        mailbox.purge();
        WebClient.Page sent = choose(client, asked, "send");
        assertNotNull(sent.doc().getElementById("pkf-place-code-form"), sent.body());
        String text = mailbox.await(m -> m.to().contains(a.email()) && m.subject().contains("sign-in code"), Duration.ofSeconds(15))
                .orElseThrow(() -> new AssertionError("no code")).text();
        Matcher m = Pattern.compile("\\b(\\d{6})\\b").matcher(text);
        assertTrue(m.find(), text);
        String code = m.group(1);

        WebClient.Page wrong = choose(client, sent, "code", "pkf.placeCode", code.equals("000000") ? "111111" : "000000");
        assertEquals(PLACE_PAGE, wrong.pageId());
        assertNotNull(wrong.error(), "a wrong code is said to be wrong");
        WebClient.Page done = choose(client, wrong, "code", "pkf.placeCode", code);
        assertTrue(HttpFlows.signedIn(done), done.body());
        assertEquals("passkey", idToken(done).path("acr").asText(), "the second proof gives the passkey's level");

        // a place proved is the account's now
        WebClient.Page again = signIn(from("10.1.2.99"), a.key(), "");
        assertTrue(HttpFlows.signedIn(again), "the same /24 asks nothing the next time: " + again.pageId());
    }

    @Test
    void goingOnWithoutAProofIsALevelOneFallbackSessionAndThePlaceIsNotLearnt() {
        Account a = account("place-limited@example.org");
        WebClient client = from("10.5.5.5");
        WebClient.Page asked = signIn(client, a.key(), "");
        assertEquals(PLACE_PAGE, asked.pageId());
        WebClient.Page done = choose(client, asked, "limited");
        assertTrue(HttpFlows.signedIn(done), done.body());
        assertEquals("1", idToken(done).path("acr").asText(), "level 1 without the second proof");

        WebClient.Page next = signIn(from("10.5.5.6"), a.key(), "");
        assertEquals(PLACE_PAGE, next.pageId(), "a place never proved is asked about again");
    }

    @Test
    void anApplicationAskingForMoreGetsNoLimitedWayAndAForgedChoiceChangesNothing() {
        Account a = account("place-strict@example.org");
        WebClient client = from("10.6.6.6");
        String essential = "&acr_values=passkey&claims=" + java.net.URLEncoder.encode(
                "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"passkey\"]}}}", java.nio.charset.StandardCharsets.UTF_8);
        WebClient.Page asked = signIn(client, a.key(), essential);
        assertEquals(PLACE_PAGE, asked.pageId());
        assertNull(asked.doc().getElementById("pkf-place-limited"), "no limited way for an application that asked for level 2");
        WebClient.Page forged = choose(client, asked, "limited");
        assertEquals(PLACE_PAGE, forged.pageId(), "a forged choice is not taken");
        WebClient.Page noCode = choose(client, forged, "code", "pkf.placeCode", "123456");
        assertEquals(PLACE_PAGE, noCode.pageId(), "a code nobody sent");
        assertNotNull(noCode.error());
    }

    @Test
    void anotherPasskeyOfTheAccountSettlesItButTheSameOneDoesNot() {
        Account a = account("place-two@example.org");
        SoftAuthenticator second = new SoftAuthenticator();
        assertTrue(HttpFlows.addPasskey(realm, a.key(), second, "Second").status() < 400);
        WebClient client = from("10.7.7.7");
        WebClient.Page asked = signIn(client, a.key(), "");
        assertEquals(PLACE_PAGE, asked.pageId());
        JsonNode allow = asked.data("pkf-data").get("allowCredentials");
        assertEquals(1, allow.size(), "only the other passkey is asked for: " + allow);

        Map<String, String> same = new HashMap<>(a.key().get(HttpFlows.rpId(asked), asked.origin(), HttpFlows.challenge(asked)));
        same.put("pkf.place", "passkey");
        WebClient.Page refused = client.post(asked.formAction("pkf-assertion-form"), same);
        assertEquals(PLACE_PAGE, refused.pageId());
        assertNotNull(refused.error(), "the passkey that just signed in is no second proof");

        Map<String, String> other = new HashMap<>(second.get(HttpFlows.rpId(refused), refused.origin(), HttpFlows.challenge(refused)));
        other.put("pkf.place", "passkey");
        WebClient.Page done = client.post(refused.formAction("pkf-assertion-form"), other);
        assertTrue(HttpFlows.signedIn(done), done.body());
        assertEquals("passkey", idToken(done).path("acr").asText());
        assertFalse(done.location().contains("error"));
    }
}
