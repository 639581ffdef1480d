package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.keycloak.ceremony.PasskeyPolicyConfigProperties;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RequiredActionConfigRepresentation;

/**
 * Issue 16, "settings that decide security but have no test": the passkey policy an admin sets on
 * "Passkey First: create a passkey" (DESIGN §4.2): the AAGUID allow list, the deny list and
 * "attestation required", each value, over HTTP with a software authenticator whose AAGUID and
 * attestation the test chooses. A refused passkey gets a translated message on the create page and
 * nothing is stored; the same policy holds for a device added by pairing ("one policy for every way
 * a passkey is added").
 */
class PasskeyPolicySettingsTest extends ServerTest {

    private static final String ACTION = ProviderIds.CREATE_PASSKEY;
    private static final UUID ALLOWED = UUID.fromString("cb69481e-8ff7-4039-93ec-0a2729a154a8");
    private static final UUID OTHER = UUID.fromString("08987058-cadc-4b81-b6e1-30de50dcbe96");
    private static final UUID ZERO = new UUID(0, 0);

    private int users;

    private void policy(Map<String, String> config) {
        RequiredActionConfigRepresentation rep = new RequiredActionConfigRepresentation();
        rep.setConfig(new HashMap<>(config));
        realm.resource.flows().updateRequiredActionConfig(ACTION, rep);
    }

    @AfterEach
    void noPolicy() {
        try {
            realm.resource.flows().removeRequiredActionConfig(ACTION);
        } catch (RuntimeException none) {
            // nothing was set
        }
    }

    private static SoftAuthenticator model(UUID aaguid) {
        SoftAuthenticator key = new SoftAuthenticator();
        java.nio.ByteBuffer.wrap(key.aaguid).putLong(aaguid.getMostSignificantBits()).putLong(aaguid.getLeastSignificantBits());
        return key;
    }

    /** A new user creates a passkey with {@code key} from an admin's email; returns the answer and how many credentials were stored. */
    private record Outcome(WebClient.Page page, int stored) {
    }

    private Outcome create(SoftAuthenticator key) {
        String email = "policy" + (++users) + "@example.org";
        String id = realm.createUser(email);
        WebClient client = new WebClient();
        WebClient.Page page = HttpFlows.createPage(client, realm, mailbox, id, email);
        WebClient.Page answer = client.post(page.formAction("pkf-create-form"), HttpFlows.attestation(page, key, "key"));
        assertTrue(answer.status() < 500, answer.body());
        return new Outcome(answer, realm.resource.users().get(id).credentials().size());
    }

    private void assertAccepted(String what, Outcome o) {
        assertEquals(1, o.stored(), what + " must be accepted: " + o.page().pageId() + " " + o.page().error());
    }

    private void assertRefused(String what, Outcome o, String messagePart) {
        assertEquals(0, o.stored(), what + " must be refused, nothing stored");
        assertEquals(Pages.id(Pages.CREATE_PASSKEY), o.page().pageId(), o.page().body());
        String error = o.page().error();
        assertTrue(error != null && error.contains(messagePart), what + ": the translated refusal, got " + error);
    }

    @Test
    void theAllowListAcceptsOnlyTheModelsItNames() {
        policy(Map.of(PasskeyPolicyConfigProperties.AAGUID_ALLOW, ALLOWED.toString()));
        assertAccepted("a listed model", create(model(ALLOWED)));
        assertRefused("an unlisted model", create(model(OTHER)), "does not accept passkeys from this kind of authenticator");
        assertRefused("an authenticator that names no model (zero AAGUID)", create(model(ZERO)), "does not accept passkeys");
        // two entries, one of them as admins paste them from vendor lists (upper case)
        policy(Map.of(PasskeyPolicyConfigProperties.AAGUID_ALLOW, OTHER.toString().toUpperCase() + "##" + ALLOWED));
        assertAccepted("the second listed model", create(model(OTHER)));
        assertAccepted("the first listed model", create(model(ALLOWED)));
        assertRefused("still an unlisted one", create(model(ZERO)), "does not accept passkeys");
    }

    @Test
    void theDenyListRefusesTheModelsItNames() {
        policy(Map.of(PasskeyPolicyConfigProperties.AAGUID_DENY, OTHER.toString().toUpperCase()));
        assertRefused("a denied model", create(model(OTHER)), "does not accept passkeys from this kind of authenticator");
        assertAccepted("another model", create(model(ALLOWED)));
        assertAccepted("a model-less authenticator", create(model(ZERO)));
        // deny wins over allow
        policy(Map.of(PasskeyPolicyConfigProperties.AAGUID_DENY, OTHER.toString(), PasskeyPolicyConfigProperties.AAGUID_ALLOW,
                OTHER + "##" + ALLOWED));
        assertRefused("a model on both lists", create(model(OTHER)), "does not accept passkeys");
        assertAccepted("a model on the allow list only", create(model(ALLOWED)));
    }

    @Test
    void attestationRequiredRefusesPasskeysWithoutAttestation() {
        policy(Map.of(PasskeyPolicyConfigProperties.ATTESTATION_REQUIRED, "false"));
        assertAccepted("'none' attestation with the option off", create(model(ALLOWED)));
        policy(Map.of(PasskeyPolicyConfigProperties.ATTESTATION_REQUIRED, "true"));
        assertRefused("'none' attestation with the option on", create(model(ALLOWED)), "prove their make and model");
    }

    /**
     * Self attestation is signed by the new key itself: any software key can produce it and name any
     * model. With attestation required and an allow list, it must not pass as the allowed model.
     */
    @Test
    void attestationRequiredRefusesSelfAttestationClaimingAnAllowedModel() {
        policy(Map.of(PasskeyPolicyConfigProperties.ATTESTATION_REQUIRED, "false", PasskeyPolicyConfigProperties.AAGUID_ALLOW, ALLOWED.toString()));
        SoftAuthenticator selfAttested = model(ALLOWED);
        selfAttested.selfAttestation = true;
        assertAccepted("self attestation with the option off (the model is the key's own claim)", create(selfAttested));
        policy(Map.of(PasskeyPolicyConfigProperties.ATTESTATION_REQUIRED, "true", PasskeyPolicyConfigProperties.AAGUID_ALLOW, ALLOWED.toString()));
        SoftAuthenticator forged = model(ALLOWED);
        forged.selfAttestation = true;
        assertRefused("self attestation naming the allowed model", create(forged), "prove their make and model");
    }

    @Test
    void theDenyListAlsoHoldsForADeviceAddedByPairing() {
        // device A, signed in with its passkey, shows the pairing link
        String email = "paired" + (++users) + "@example.org";
        String userId = realm.createUser(email);
        SoftAuthenticator aKey = model(ALLOWED);
        assertTrue(HttpFlows.register(realm, mailbox, userId, email, aKey).status() < 400);
        policy(Map.of(PasskeyPolicyConfigProperties.AAGUID_DENY, OTHER.toString()));
        WebClient a = new WebClient();
        WebClient.Page login = a.get(realm.authUrl("&kc_action=" + ProviderIds.ADD_DEVICE));
        WebClient.Page aPage = a.post(login.formAction("pkf-assertion-form"), aKey.get(HttpFlows.rpId(login), HttpFlows.ORIGIN, HttpFlows.challenge(login)));
        assertEquals(Pages.id(Pages.ADD_DEVICE), aPage.pageId(), aPage.body());
        String link = aPage.doc().getElementById("pkf-link").attr("value");
        // device B tries to join with a denied model
        WebClient b = new WebClient();
        WebClient.Page confirm = b.get(link);
        WebClient.Page created = b.post(confirm.formAction("pkf-pair-form"), Map.of(
                "binding", confirm.doc().selectFirst("input[name=binding]").attr("value"), "via", "qr"));
        assertEquals(Pages.id(Pages.PAIR_DEVICE), created.pageId(), created.body());
        WebClient.Page refused = b.post(created.formAction("pkf-create-form"), HttpFlows.attestation(created, model(OTHER), "device B"));
        assertTrue(refused.status() < 500, refused.body());
        assertTrue(refused.doc().getElementById("pkf-code") == null, "no pairing code for a denied model: " + refused.body());
        assertTrue(refused.error() != null && refused.error().contains("does not accept passkeys"), "got " + refused.error());
        assertEquals(1, realm.resource.users().get(userId).credentials().size());
    }
}
