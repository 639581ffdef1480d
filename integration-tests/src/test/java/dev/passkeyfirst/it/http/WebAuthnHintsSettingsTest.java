package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.keycloak.login.PasskeyLoginConfigProperties;
import dev.passkeyfirst.keycloak.ceremony.PasskeyPolicyConfigProperties;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.RequiredActionConfigRepresentation;

/**
 * Issue 16, "settings that decide security but have no test": WebAuthn hints ("the username step
 * ignores the setting today"). Hints steer which authenticator the browser offers first; an admin
 * who chose, say, security keys only for a realm of staff with hardware keys must get that on every
 * page that asks for a passkey: the sign-in page, and the username step for known and unknown
 * names alike (a different list for unknown names would also tell them apart). The create step has
 * its own hints option.
 */
class WebAuthnHintsSettingsTest extends ServerTest {

    private String email;

    @BeforeAll
    void anAccountWithAPasskey() {
        email = "hints@example.org";
        String id = realm.createUser(email);
        assertTrue(HttpFlows.register(realm, mailbox, id, email, new SoftAuthenticator()).status() < 400);
    }

    private String configId(String alias) {
        return realm.resource.flows().getFlows().stream()
                .flatMap(f -> realm.resource.flows().getExecutions(f.getAlias()).stream())
                .filter(e -> e.getAuthenticationConfig() != null)
                .map(e -> realm.resource.flows().getAuthenticatorConfig(e.getAuthenticationConfig()))
                .filter(c -> alias.equals(c.getAlias())).findFirst().orElseThrow().getId();
    }

    private void signInOption(String key, String value) {
        String id = configId("pkf-passkey-login");
        AuthenticatorConfigRepresentation c = realm.resource.flows().getAuthenticatorConfig(id);
        Map<String, String> config = new HashMap<>(c.getConfig());
        if (value == null) config.remove(key);
        else config.put(key, value);
        c.setConfig(config);
        realm.resource.flows().updateAuthenticatorConfig(id, c);
    }

    /** Keycloak stores a multivalued option as "a##b"; "" here means the admin left it empty. */
    private static List<String> expected(String stored) {
        return stored.isEmpty() ? List.of() : List.of(stored.split("##"));
    }

    private static List<String> hints(JsonNode data) {
        List<String> out = new ArrayList<>();
        data.path("hints").forEach(h -> out.add(h.asText()));
        return out;
    }

    @ParameterizedTest(name = "sign-in hints = \"{0}\"")
    @ValueSource(strings = {"security-key", "client-device", "hybrid", "hybrid##security-key", "client-device##hybrid##security-key", ""})
    void theSignInHintsAppearOnTheStartPageAndTheUsernameStep(String stored) {
        signInOption(PasskeyLoginConfigProperties.HINTS, stored.isEmpty() ? null : stored);
        List<String> want = expected(stored);
        WebClient client = new WebClient();
        WebClient.Page start = client.get(realm.authUrl());
        assertEquals(want, hints(start.data("pkf-data")), "the sign-in page's hints");
        for (String name : List.of(email, "nobody@example.org")) {
            WebClient c = new WebClient();
            WebClient.Page page = c.get(realm.authUrl());
            Map<String, String> form = page.formFields("pkf-username-form");
            form.put("username", name);
            WebClient.Page step = c.post(page.formAction("pkf-username-form"), form);
            assertEquals(Pages.id(Pages.LOGIN_PASSKEY), step.pageId(), step.body());
            assertEquals(want, hints(step.data("pkf-data")),
                    "the username step's hints for " + (name.equals(email) ? "an existing account" : "an unknown name"));
        }
    }

    @ParameterizedTest(name = "create hints = \"{0}\"")
    @ValueSource(strings = {"security-key", "client-device##hybrid", ""})
    void theCreateHintsAppearOnTheCreatePage(String stored) {
        RequiredActionConfigRepresentation rep = new RequiredActionConfigRepresentation();
        rep.setConfig(stored.isEmpty() ? Map.of() : Map.of(PasskeyPolicyConfigProperties.HINTS, stored));
        realm.resource.flows().updateRequiredActionConfig(ProviderIds.CREATE_PASSKEY, rep);
        String mail = "create-hints-" + Math.abs(stored.hashCode()) + "@example.org";
        String id = realm.createUser(mail);
        WebClient.Page page = HttpFlows.createPage(new WebClient(), realm, mailbox, id, mail);
        assertEquals(expected(stored), hints(page.data("pkf-data")), "the create page's hints");
    }
}
