package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.keycloak.login.PasskeyLoginConfigProperties;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Issue 16, "settings that decide security but have no test": each value of user verification,
 * on sign-in (the sign-in step's own option, {@code pkf.userVerification}) and on registration (the
 * realm's WebAuthn Passwordless policy, which our create step hands to Keycloak's verification).
 * DESIGN §5: "UV per policy". 'required' must refuse a UV=0 ceremony however it is posted; the
 * weaker values must accept it (or admins who chose them for PIN-less security keys lock their
 * users out); and the page must ask the browser for what the server will check.
 */
class UserVerificationSettingsTest extends ServerTest {

    private int users;
    private String userId;
    private SoftAuthenticator passkey;
    private String email;

    @BeforeAll
    void anAccountWithAPasskey() {
        email = "uv" + (++users) + "@example.org";
        userId = realm.createUser(email);
        passkey = new SoftAuthenticator();
        assertTrue(HttpFlows.register(realm, mailbox, userId, email, passkey).status() < 400);
        passkey.userHandle = HttpFlows.utf8(userId);
    }

    private String configId(String alias) {
        return realm.resource.flows().getFlows().stream()
                .flatMap(f -> realm.resource.flows().getExecutions(f.getAlias()).stream())
                .filter(e -> e.getAuthenticationConfig() != null)
                .map(e -> realm.resource.flows().getAuthenticatorConfig(e.getAuthenticationConfig()))
                .filter(c -> alias.equals(c.getAlias())).findFirst().orElseThrow().getId();
    }

    /** Sets one option of the realm's "Passkey First: sign in" step, as an admin does in its gear. */
    private void signInOption(String key, String value) {
        String id = configId("pkf-passkey-login");
        AuthenticatorConfigRepresentation c = realm.resource.flows().getAuthenticatorConfig(id);
        Map<String, String> config = new HashMap<>(c.getConfig());
        config.put(key, value);
        c.setConfig(config);
        realm.resource.flows().updateAuthenticatorConfig(id, c);
    }

    private WebClient.Page signIn(WebClient client, boolean usernameFirst, int flags) {
        WebClient.Page page = client.get(realm.authUrl());
        if (usernameFirst) {
            Map<String, String> form = page.formFields("pkf-username-form");
            form.put("username", email);
            page = client.post(page.formAction("pkf-username-form"), form);
            assertEquals(Pages.id(Pages.LOGIN_PASSKEY), page.pageId(), page.body());
        }
        int before = passkey.flags;
        passkey.flags = flags;
        try {
            return client.post(page.formAction("pkf-assertion-form"), passkey.get(HttpFlows.rpId(page), HttpFlows.ORIGIN, HttpFlows.challenge(page)));
        } finally {
            passkey.flags = before;
        }
    }

    @ParameterizedTest(name = "sign-in, userVerification = {0}")
    @ValueSource(strings = {"required", "preferred", "discouraged"})
    void signInHonoursEachUserVerificationSetting(String setting) {
        signInOption(PasskeyLoginConfigProperties.USER_VERIFICATION, setting);
        // both pages ask the browser for what the server will check
        WebClient look = new WebClient();
        WebClient.Page start = look.get(realm.authUrl());
        assertEquals(setting, start.data("pkf-data").path("userVerification").asText(), "the start page's request options");
        Map<String, String> form = start.formFields("pkf-username-form");
        form.put("username", email);
        WebClient.Page step = look.post(start.formAction("pkf-username-form"), form);
        assertEquals(setting, step.data("pkf-data").path("userVerification").asText(), "the username step's request options");

        for (boolean usernameFirst : List.of(false, true)) {
            String way = usernameFirst ? "username step" : "passkey button";
            // UV=1 always signs in
            assertTrue(HttpFlows.signedIn(signIn(new WebClient(), usernameFirst, SoftAuthenticator.UP | SoftAuthenticator.UV)),
                    way + ": a user-verified assertion under '" + setting + "'");
            // UV=0 (a touch without PIN or biometrics)
            WebClient.Page noUv = signIn(new WebClient(), usernameFirst, SoftAuthenticator.UP);
            assertTrue(noUv.status() < 500, noUv.body());
            if (setting.equals("required")) {
                assertFalse(HttpFlows.signedIn(noUv), way + ": UV=0 must be refused under 'required'");
                assertTrue(noUv.error() != null && !noUv.error().isBlank(), way + ": a translated refusal\n" + noUv.body());
            } else {
                assertTrue(HttpFlows.signedIn(noUv), way + ": UV=0 must be accepted under '" + setting + "': "
                        + noUv.status() + " " + noUv.pageId() + " " + noUv.error());
            }
            // UP=0 is never a sign-in, whatever the setting
            WebClient.Page noUp = signIn(new WebClient(), usernameFirst, 0);
            assertFalse(HttpFlows.signedIn(noUp), way + ": UP=0 under '" + setting + "'");
        }
        signInOption(PasskeyLoginConfigProperties.USER_VERIFICATION, "required");
    }

    @ParameterizedTest(name = "registration, realm policy userVerificationRequirement = {0}")
    @ValueSource(strings = {"required", "preferred", "discouraged"})
    void registrationHonoursTheRealmsUserVerificationPolicy(String setting) {
        RealmRepresentation rep = realm.resource.toRepresentation();
        String before = rep.getWebAuthnPolicyPasswordlessUserVerificationRequirement();
        rep.setWebAuthnPolicyPasswordlessUserVerificationRequirement(setting);
        realm.resource.update(rep);
        try {
            for (int flags : new int[]{SoftAuthenticator.UP | SoftAuthenticator.UV, SoftAuthenticator.UP}) {
                boolean uv = (flags & SoftAuthenticator.UV) != 0;
                String mail = "uvreg" + (++users) + "@example.org";
                String id = realm.createUser(mail);
                WebClient client = new WebClient();
                WebClient.Page page = HttpFlows.createPage(client, realm, mailbox, id, mail);
                assertEquals(setting, page.data("pkf-data").path("authenticatorSelection").path("userVerification").asText(),
                        "the creation options ask for what the realm's policy says");
                SoftAuthenticator key = new SoftAuthenticator();
                key.flags = flags;
                WebClient.Page answer = client.post(page.formAction("pkf-create-form"), HttpFlows.attestation(page, key, "key"));
                assertTrue(answer.status() < 500, answer.body());
                int stored = realm.resource.users().get(id).credentials().size();
                if (!uv && setting.equals("required")) {
                    assertEquals(0, stored, "a UV=0 registration must be refused under 'required'");
                    assertEquals(Pages.id(Pages.CREATE_PASSKEY), answer.pageId(), answer.body());
                    assertTrue(answer.error() != null && !answer.error().isBlank(), answer.body());
                } else {
                    assertEquals(1, stored, (uv ? "UV=1" : "UV=0") + " registration under '" + setting + "' must be accepted: "
                            + answer.pageId() + " " + answer.error());
                }
            }
        } finally {
            rep.setWebAuthnPolicyPasswordlessUserVerificationRequirement(before);
            realm.resource.update(rep);
        }
    }
}
