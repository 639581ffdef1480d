package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.mailbox.Mailbox;
import dev.passkeyfirst.testsupport.CoseKeys;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.representations.idm.CredentialRepresentation;

/**
 * Issue 16, finding 15: a registration whose credential public key is broken must be refused before
 * anything is stored. Stock Keycloak stores such keys (it checks the attestation, not the key), and
 * with the "none" attestation format no signature covers the key, so any of these reaches the
 * server exactly as posted here: a point not on the curve, (0,0), 31- and 33-byte coordinates, an
 * 8-bit RSA modulus, RSA with e = 1, RS256 on an EC key, P-384 coordinates under ES256. A key like
 * that either never verifies an assertion (the account gets a passkey that cannot sign in) or, worse,
 * verifies forged ones (e = 1, a tiny modulus).
 *
 * <p>Every registration path is tried: the create-passkey page, device B of "add another device",
 * and the new passkey at the end of a recovery. The class realm uses the {@code consumer} recovery
 * preset, so a recovered passkey would be a credential at once and the credential list shows it.
 */
class BrokenPublicKeyTest extends ServerTest {

    private int users;

    @Override
    protected TestRealm createRealm() {
        return TestRealm.create(server, mailbox.smtpPort(), rep -> rep.getAuthenticatorConfig().stream()
                .filter(c -> c.getAlias().equals("pkf-recovery")).forEach(c -> {
                    Map<String, String> config = new HashMap<>(c.getConfig());
                    config.put("pkf.recoveryPreset", "consumer");
                    c.setConfig(config);
                }));
    }

    /** Each broken key, built from a fresh authenticator's own key where it needs a real point. */
    static Stream<Arguments> brokenKeys() {
        return Stream.of(
                Arguments.of("EC point not on P-256", (Function<SoftAuthenticator, byte[]>) CoseKeys::ecPointNotOnCurve),
                Arguments.of("EC point (0,0)", (Function<SoftAuthenticator, byte[]>) a -> CoseKeys.ecZeroPoint()),
                Arguments.of("EC 31-byte coordinates", (Function<SoftAuthenticator, byte[]>) CoseKeys::ec31ByteCoordinates),
                Arguments.of("EC 33-byte coordinates", (Function<SoftAuthenticator, byte[]>) CoseKeys::ec33ByteCoordinates),
                Arguments.of("RSA 8-bit modulus", (Function<SoftAuthenticator, byte[]>) a -> CoseKeys.rsaEightBitModulus()),
                Arguments.of("RSA e=1", (Function<SoftAuthenticator, byte[]>) a -> CoseKeys.rsaExponentOne()),
                Arguments.of("RS256 (-257) on an EC2 key", (Function<SoftAuthenticator, byte[]>) CoseKeys::rs256OnEcKey),
                Arguments.of("P-384 coordinates as ES256/P-256", (Function<SoftAuthenticator, byte[]>) a -> CoseKeys.p384UnderEs256()));
    }

    /** A few of them for the paths that hold the passkey pending (add-device, recovery). */
    static Stream<Arguments> someBrokenKeys() {
        return brokenKeys().filter(a -> List.of("EC point not on P-256", "RSA e=1", "P-384 coordinates as ES256/P-256")
                .contains((String) a.get()[0]));
    }

    /** What the page's script would post, the credential public key replaced by {@code cose}. */
    private static Map<String, String> attestation(WebClient.Page page, SoftAuthenticator authenticator, byte[] cose, String label) {
        JsonNode data = page.data("pkf-data");
        byte[] userId = Base64.getUrlDecoder().decode(data.get("user").get("id").asText());
        Map<String, String> form = authenticator.create(data.get("rp").get("id").asText(), page.origin(),
                data.get("challenge").asText(), userId, cose);
        form.put("authenticatorLabel", label);
        return form;
    }

    private List<CredentialRepresentation> credentials(String userId) {
        return realm.resource.users().get(userId).credentials();
    }

    /** A 4xx, or the same page again with a translated error; never a 5xx. */
    private static void assertRefusedOn(String what, String pageId, WebClient.Page p) {
        assertTrue(p.status() < 500, what + ": status " + p.status() + "\n" + p.body());
        if (p.status() >= 400) return;
        assertEquals(pageId, p.pageId(), what + ": the key was accepted\n" + p.body());
        String error = p.error();
        assertTrue(error != null && !error.isBlank() && !error.startsWith("pkf"), what + ": no translated refusal on the page\n" + p.body());
    }

    // ---- the create-passkey page ----

    @Test
    void aValidKeyPostedTheSameWayIsAccepted() {
        // the control: the same form with the authenticator's own key, so each refusal below is the key's
        String email = "control@example.org";
        String id = realm.createUser(email);
        WebClient client = new WebClient();
        WebClient.Page page = HttpFlows.createPage(client, realm, mailbox, id, email);
        SoftAuthenticator a = new SoftAuthenticator();
        WebClient.Page done = client.post(page.formAction("pkf-create-form"), attestation(page, a, a.cosePublicKey(), "control"));
        assertTrue(done.status() < 400 && !Pages.id(Pages.CREATE_PASSKEY).equals(done.pageId()), done.body());
        assertEquals(1, credentials(id).size());
        a.userHandle = HttpFlows.utf8(id);
        assertTrue(HttpFlows.signedIn(HttpFlows.signIn(new WebClient(), realm, a)), "and it signs in");
    }

    @ParameterizedTest(name = "create page: {0}")
    @MethodSource("brokenKeys")
    void theCreatePageRefusesABrokenKey(String name, Function<SoftAuthenticator, byte[]> key) {
        String email = "create" + (++users) + "@example.org";
        String id = realm.createUser(email);
        WebClient client = new WebClient();
        WebClient.Page page = HttpFlows.createPage(client, realm, mailbox, id, email);
        SoftAuthenticator a = new SoftAuthenticator();
        WebClient.Page answer = client.post(page.formAction("pkf-create-form"), attestation(page, a, key.apply(a), name));
        assertEquals(List.of(), credentials(id).stream().map(c -> c.getType() + " " + c.getUserLabel()).toList(),
                name + ": stored (answer " + answer.status() + " " + answer.pageId() + ")");
        assertRefusedOn(name, Pages.id(Pages.CREATE_PASSKEY), answer);
    }

    // ---- device B of "add another device" ----

    @ParameterizedTest(name = "device B: {0}")
    @MethodSource("someBrokenKeys")
    void deviceBCannotPairABrokenKey(String name, Function<SoftAuthenticator, byte[]> key) {
        String email = "pair" + (++users) + "@example.org";
        String userId = realm.createUser(email);
        SoftAuthenticator aKey = new SoftAuthenticator();
        assertTrue(HttpFlows.register(realm, mailbox, userId, email, aKey).status() < 400);
        WebClient a = new WebClient();
        WebClient.Page login = a.get(realm.authUrl("&kc_action=" + ProviderIds.ADD_DEVICE));
        WebClient.Page addDevice = a.post(login.formAction("pkf-assertion-form"),
                aKey.get(HttpFlows.rpId(login), HttpFlows.ORIGIN, HttpFlows.challenge(login)));
        assertEquals(Pages.id(Pages.ADD_DEVICE), addDevice.pageId(), addDevice.body());
        String link = addDevice.doc().getElementById("pkf-link").attr("value");

        WebClient b = new WebClient();
        WebClient.Page confirm = b.get(link);
        WebClient.Page created = b.post(confirm.formAction("pkf-pair-form"), Map.of(
                "binding", confirm.doc().selectFirst("input[name=binding]").attr("value"), "via", "qr"));
        assertEquals(Pages.id(Pages.PAIR_DEVICE), created.pageId(), created.body());
        SoftAuthenticator bKey = new SoftAuthenticator();
        WebClient.Page answer = b.post(created.formAction("pkf-create-form"), attestation(created, bKey, key.apply(bKey), "device B"));
        // held pending, B would show the code to type on A: a code means the key was taken
        assertNull(answer.doc().getElementById("pkf-code"), name + ": device B got a code for a broken key\n" + answer.body());
        assertRefusedOn(name, Pages.id(Pages.PAIR_DEVICE), answer);
        assertEquals(1, credentials(userId).size());
    }

    // ---- the new passkey of a recovery ----

    @ParameterizedTest(name = "recovery: {0}")
    @MethodSource("someBrokenKeys")
    void aRecoveryCannotEndInABrokenKey(String name, Function<SoftAuthenticator, byte[]> key) {
        String email = "rec" + (++users) + "@example.org";
        String userId = realm.createUser(email);
        assertTrue(HttpFlows.register(realm, mailbox, userId, email, new SoftAuthenticator()).status() < 400);
        WebClient client = new WebClient();
        mailbox.purge();
        WebClient.Page login = client.get(realm.authUrl());
        WebClient.Page identify = client.get(login.doc().getElementById("pkf-lost-device").absUrl("href"));
        client.post(identify.formAction("pkf-identify-form"), Map.of("identifier", email));
        Mailbox.Mail mail = mailbox.await(m -> m.to().contains(email) && m.subject().contains("Recover your"), Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no recovery email for " + email));
        String link = mail.links().stream().filter(l -> l.contains("/passkey-first/recover/")).findFirst().orElseThrow();
        WebClient.Page confirm = client.get(link);
        WebClient.Page create = client.post(confirm.formAction("pkf-link-form"),
                Map.of("binding", confirm.doc().selectFirst("input[name=binding]").attr("value")));
        assertEquals("create", create.doc().getElementById("pkf-recover").attr("data-pkf-view"), "consumer: one proof, then the passkey");

        SoftAuthenticator recovered = new SoftAuthenticator();
        WebClient.Page answer = client.post(create.formAction("pkf-create-form"), attestation(create, recovered, key.apply(recovered), "recovered"));
        assertEquals(1, credentials(userId).size(), name + ": the recovery stored the broken key (answer " + answer.status() + ")");
        assertRefusedOn(name, Pages.id(Pages.RECOVER), answer);
        String view = answer.doc().getElementById("pkf-recover") == null ? null : answer.doc().getElementById("pkf-recover").attr("data-pkf-view");
        assertFalse("review".equals(view) || "waiting".equals(view), name + ": the recovery went on to " + view);
    }
}
