package dev.passkeyfirst.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The benchmark realm: the demo realm exactly as we ship it (docker/realm-demo.json: our flows, their
 * configuration, login events stored), plus one public client per flow under test, each with its
 * browser flow bound through a client override, so that every scenario signs in the same users.
 * Keycloak's own scenarios show Keycloak's own theme (keycloak.v2) through the client's login theme.
 */
final class BenchRealm {

    static final String NAME = "bench";
    static final String CLIENT_OURS = "bench-ours";
    static final String CLIENT_KC_BROWSER = "bench-kc-browser";
    static final String CLIENT_KC_USERNAME_PASSKEY = "bench-kc-username-passkey";
    static final String CLIENT_KC_USERNAME = "bench-kc-username";

    static final String FLOW_OURS = "pkf-browser";
    /** Our flows again, their sign-in step accepting a password from every account that has one ("always"). */
    static final String FLOW_OURS_PASSWORD = "bench-pkf-password";
    static final String CLIENT_OURS_PASSWORD = "bench-pkf-password";
    /** A copy of Keycloak's built-in browser flow, under its own name so nothing depends on what an import adds. */
    static final String FLOW_KC_BROWSER = "bench-kc-browser";
    static final String FLOW_KC_USERNAME_PASSKEY = "bench-kc-username-passkey";
    static final String FLOW_KC_USERNAME = "bench-kc-username";

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchRealm() {
    }

    static void create(AdminApi admin, Path template, int smtpPort) throws IOException {
        ObjectNode rep = (ObjectNode) JSON.readTree(Files.readString(template));
        rep.put("realm", NAME);
        rep.put("displayName", "Passkey First benchmark");
        ((ObjectNode) rep.get("smtpServer")).put("host", "127.0.0.1").put("port", Integer.toString(smtpPort));
        rep.put("webAuthnPolicyPasswordlessPasskeysEnabled", false);
        ArrayNode flows = (ArrayNode) rep.get("authenticationFlows");
        // Keycloak 26.7's built-in "browser" flow, execution by execution (DefaultAuthenticationFlows.browserFlow)
        flows.add(flow(FLOW_KC_BROWSER, "Keycloak's built-in browser flow", List.of(
                execution("auth-cookie", "ALTERNATIVE", 10),
                execution("auth-spnego", "DISABLED", 20),
                subflow(FLOW_KC_BROWSER + "-forms", "ALTERNATIVE", 30))));
        flows.add(flow(FLOW_KC_BROWSER + "-forms", null, List.of(
                execution("auth-username-password-form", "REQUIRED", 10),
                subflow(FLOW_KC_BROWSER + "-conditional-2fa", "CONDITIONAL", 20))));
        flows.add(flow(FLOW_KC_BROWSER + "-conditional-2fa", null, List.of(
                execution("conditional-user-configured", "REQUIRED", 10),
                execution("conditional-credential", "REQUIRED", 20).put("authenticatorConfig", FLOW_KC_BROWSER + "-conditional-credential"),
                execution("auth-otp-form", "ALTERNATIVE", 30),
                execution("webauthn-authenticator", "DISABLED", 40),
                execution("auth-recovery-authn-code-form", "DISABLED", 50))));
        ((ArrayNode) rep.get("authenticatorConfig")).add(JSON.createObjectNode()
                .put("alias", FLOW_KC_BROWSER + "-conditional-credential")
                .set("config", JSON.createObjectNode().put("credentials", "webauthn-passwordless")));
        flows.add(flow(FLOW_KC_USERNAME_PASSKEY, "Username Form, then WebAuthn Passwordless Authenticator", List.of(
                execution("auth-cookie", "ALTERNATIVE", 10),
                subflow(FLOW_KC_USERNAME_PASSKEY + "-forms", "ALTERNATIVE", 20))));
        flows.add(flow(FLOW_KC_USERNAME_PASSKEY + "-forms", null, List.of(
                execution("auth-username-form", "REQUIRED", 10),
                execution("webauthn-authenticator-passwordless", "REQUIRED", 20))));
        flows.add(flow(FLOW_KC_USERNAME, "Username Form alone: no credential at all", List.of(
                execution("auth-cookie", "ALTERNATIVE", 10),
                subflow(FLOW_KC_USERNAME + "-forms", "ALTERNATIVE", 20))));
        flows.add(flow(FLOW_KC_USERNAME + "-forms", null, List.of(
                execution("auth-username-form", "REQUIRED", 10))));
        copyOursAcceptingPasswords(rep, flows);
        raiseRecoveryLimitPerName(rep);
        ArrayNode clients = rep.putArray("clients");
        clients.add(client(CLIENT_OURS, null));
        clients.add(client(CLIENT_OURS_PASSWORD, null));
        clients.add(client(CLIENT_KC_BROWSER, "keycloak.v2"));
        clients.add(client(CLIENT_KC_USERNAME_PASSKEY, "keycloak.v2"));
        clients.add(client(CLIENT_KC_USERNAME, "keycloak.v2"));
        admin.deleteRealm(NAME);
        admin.createRealm(rep);

        // flows are bound by id, which Keycloak assigns on import
        Map<String, String> flowIds = admin.flowIds(NAME);
        bind(admin, CLIENT_OURS, flowIds.get(FLOW_OURS));
        bind(admin, CLIENT_OURS_PASSWORD, flowIds.get(FLOW_OURS_PASSWORD));
        bind(admin, CLIENT_KC_BROWSER, flowIds.get(FLOW_KC_BROWSER));
        bind(admin, CLIENT_KC_USERNAME_PASSKEY, flowIds.get(FLOW_KC_USERNAME_PASSKEY));
        bind(admin, CLIENT_KC_USERNAME, flowIds.get(FLOW_KC_USERNAME));
    }

    /**
     * The demo's browser flow and its sub-flows under new names, the sign-in step's config copied with
     * {@code pkf.passwordAccepted=always}: the benchmark's users all hold passkeys, and the realm's
     * default asks such accounts for no password.
     */
    private static void copyOursAcceptingPasswords(ObjectNode rep, ArrayNode flows) {
        Map<String, String> renamed = new java.util.HashMap<>();
        List<ObjectNode> ours = new java.util.ArrayList<>();
        for (var f : flows) {
            String alias = f.get("alias").asText();
            if (alias.startsWith("pkf-browser") || alias.equals("pkf-passkey-level-2") || alias.equals("pkf-device-bound-level-3")) {
                renamed.put(alias, alias.equals(FLOW_OURS) ? FLOW_OURS_PASSWORD : FLOW_OURS_PASSWORD + "-" + alias);
                ours.add((ObjectNode) f);
            }
        }
        String loginConfig = FLOW_OURS_PASSWORD + "-login";
        for (ObjectNode f : ours) {
            ObjectNode copy = f.deepCopy();
            copy.remove("id");
            copy.put("alias", renamed.get(f.get("alias").asText()));
            for (var e : copy.withArray("authenticationExecutions")) {
                ObjectNode execution = (ObjectNode) e;
                if (execution.has("flowAlias")) execution.put("flowAlias", renamed.get(execution.get("flowAlias").asText()));
                if ("pkf-passkey-login".equals(execution.path("authenticator").asText())) execution.put("authenticatorConfig", loginConfig);
            }
            flows.add(copy);
        }
        ArrayNode configs = (ArrayNode) rep.get("authenticatorConfig");
        for (var c : configs) {
            if (!"pkf-passkey-login".equals(c.get("alias").asText())) continue;
            ObjectNode copy = c.deepCopy();
            copy.remove("id");
            copy.put("alias", loginConfig);
            ((ObjectNode) copy.get("config")).put("pkf.passwordAccepted", "always");
            configs.add(copy);
            break;
        }
    }

    /**
     * The recovery step's "messages per account per hour" at its admin maximum (100, default 5): the
     * lost-device steps (8k, 8u) ask for each account many times an hour, and the measured path is to
     * be the one where the link really goes out. The per-address limit stays as shipped: each request
     * comes from an address of its own.
     */
    private static void raiseRecoveryLimitPerName(ObjectNode rep) {
        for (var c : rep.withArray("authenticatorConfig")) {
            if ("pkf-recovery".equals(c.path("alias").asText())) ((ObjectNode) c.get("config")).put("pkf.recoveryMailsPerUser", "100");
        }
    }

    /** Keycloak's own passkeys on or off for the realm; changed only between measured steps. */
    static void keycloakPasskeys(AdminApi admin, boolean enabled) {
        ObjectNode realm = (ObjectNode) admin.realm(NAME);
        if (realm.path("webAuthnPolicyPasswordlessPasskeysEnabled").asBoolean(false) == enabled) return;
        // the whole representation back: a partial one would reset the rest of the passwordless policy
        realm.put("webAuthnPolicyPasswordlessPasskeysEnabled", enabled);
        admin.updateRealm(NAME, realm);
    }

    private static void bind(AdminApi admin, String clientId, String flowId) {
        if (flowId == null) throw new IllegalStateException("flow for " + clientId + " missing after import");
        ObjectNode client = (ObjectNode) admin.client(NAME, clientId);
        client.putObject("authenticationFlowBindingOverrides").put("browser", flowId);
        admin.updateClient(NAME, client);
    }

    private static ObjectNode client(String clientId, String loginTheme) {
        ObjectNode c = JSON.createObjectNode();
        c.put("clientId", clientId);
        c.put("publicClient", true);
        c.put("standardFlowEnabled", true);
        c.put("directAccessGrantsEnabled", false);
        c.putArray("redirectUris").add(SignIn.APP_CALLBACK);
        c.putArray("webOrigins").add("+");
        ObjectNode attributes = c.putObject("attributes");
        attributes.put("pkce.code.challenge.method", "S256");
        if (loginTheme != null) attributes.put("login_theme", loginTheme);
        return c;
    }

    private static ObjectNode flow(String alias, String description, List<ObjectNode> executions) {
        ObjectNode f = JSON.createObjectNode();
        f.put("alias", alias);
        if (description != null) f.put("description", description);
        f.put("providerId", "basic-flow");
        f.put("topLevel", description != null);
        f.put("builtIn", false);
        ArrayNode list = f.putArray("authenticationExecutions");
        executions.forEach(list::add);
        return f;
    }

    private static ObjectNode execution(String authenticator, String requirement, int priority) {
        ObjectNode e = JSON.createObjectNode();
        e.put("authenticator", authenticator);
        e.put("authenticatorFlow", false);
        e.put("requirement", requirement);
        e.put("priority", priority);
        e.put("userSetupAllowed", false);
        return e;
    }

    private static ObjectNode subflow(String alias, String requirement, int priority) {
        ObjectNode e = JSON.createObjectNode();
        e.put("authenticatorFlow", true);
        e.put("flowAlias", alias);
        e.put("requirement", requirement);
        e.put("priority", priority);
        e.put("userSetupAllowed", false);
        return e;
    }
}
