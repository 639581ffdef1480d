package dev.passkeyfirst.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.util.JsonSerialization;

/**
 * A realm made from the demo realm's own JSON (so the demo's configuration is what the tests
 * exercise), renamed, with its SMTP pointed at the test mailbox and a public test client. The same
 * realm setup serves the single server and the cluster: only the admin client and the public base URL
 * differ.
 */
public final class TestRealm implements AutoCloseable {

    public static final String CLIENT_ID = "pkf-test";
    public static final String REDIRECT = "http://127.0.0.1:" + Callback.PORT + "/callback";

    private static final AtomicInteger COUNTER = new AtomicInteger();

    public final String name;
    public final RealmResource resource;
    /** The server's public address (its hostname): where browsers go and what WebAuthn origins say. */
    public final String baseUrl;

    private TestRealm(Keycloak admin, String baseUrl, String name) {
        this.name = name;
        this.baseUrl = baseUrl;
        this.resource = admin.realm(name);
    }

    public static TestRealm create(KeycloakServer server, int smtpPort) {
        return create(server, smtpPort, rep -> { });
    }

    public static TestRealm create(KeycloakServer server, int smtpPort, java.util.function.Consumer<RealmRepresentation> adjust) {
        return create(server.admin(), KeycloakServer.URL, smtpPort, adjust);
    }

    /** A realm created through any admin client, for a server (or cluster) whose public address is {@code baseUrl}. */
    public static TestRealm create(Keycloak admin, String baseUrl, int smtpPort, java.util.function.Consumer<RealmRepresentation> adjust) {
        try {
            RealmRepresentation rep = JsonSerialization.readValue(
                    Files.readString(Path.of(System.getProperty("pkf.realm.template", "../docker/realm-demo.json"))),
                    RealmRepresentation.class);
            String name = "t" + COUNTER.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
            rep.setRealm(name);
            // the demo's own users stay in the demo; each test makes the accounts it needs
            rep.setUsers(null);
            Map<String, String> smtp = new HashMap<>(rep.getSmtpServer());
            smtp.put("host", "127.0.0.1");
            smtp.put("port", Integer.toString(smtpPort));
            rep.setSmtpServer(smtp);
            ClientRepresentation client = new ClientRepresentation();
            client.setClientId(CLIENT_ID);
            client.setPublicClient(true);
            client.setStandardFlowEnabled(true);
            client.setDirectAccessGrantsEnabled(false);
            client.setRedirectUris(List.of("http://127.0.0.1:" + Callback.PORT + "/*"));
            client.setWebOrigins(List.of("+"));
            client.setAttributes(Map.of("pkce.code.challenge.method", "S256"));
            rep.setClients(List.of(client));
            adjust.accept(rep);
            admin.realms().create(rep);
            TestRealm realm = new TestRealm(admin, baseUrl, name);
            realm.addFallbackLimits();
            realm.signInNotices(false);
            return realm;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static final String FALLBACK_MAPPER = ProviderIds.FALLBACK_SESSION_MAPPER;

    /** 127.0.0.0/8 is "Testville, Testland" (TL), 10.0.0.0/8 "Farville, Farland" (FL): home, and far away. */
    public static final java.util.Map<String, String[]> HOME_AND_FAR = java.util.Map.of(
            "127.0.0.0/8", new String[]{"Testville", "Testland", "TL"}, "10.0.0.0/8", new String[]{"Farville", "Farland", "FL"});

    /** Names a GeoIP database of these places in the realm's add-device settings, as an admin would. */
    public void geoIp(java.util.Map<String, String[]> places) {
        try {
            Path db = GeoIpTestDatabase.write(Path.of("target/geoip-" + name + ".mmdb").toAbsolutePath(), places);
            org.keycloak.representations.idm.RequiredActionConfigRepresentation config = new org.keycloak.representations.idm.RequiredActionConfigRepresentation();
            config.setConfig(Map.of("pkf.geoIpDatabase", db.toString()));
            resource.flows().updateRequiredActionConfig(ProviderIds.ADD_DEVICE, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sign-in notices (on by default, as in the demo) are off in test realms: nearly every test signs
     * in from a fresh client, a browser new to the account, and its mailbox would get a notice it does
     * not expect. The notice tests turn them on.
     */
    public void signInNotices(boolean on, String... moreSettings) {
        // the realm's other settings of the passkeys page (max_auth_age...) stay as they are
        Map<String, String> config = new HashMap<>();
        try {
            var current = resource.flows().getRequiredActionConfig(ProviderIds.PASSKEYS);
            if (current != null && current.getConfig() != null) config.putAll(current.getConfig());
        } catch (jakarta.ws.rs.WebApplicationException none) {
            // no settings saved yet
        }
        config.put("pkf.signInNotices", Boolean.toString(on));
        for (int i = 0; i + 1 < moreSettings.length; i += 2) config.put(moreSettings[i], moreSettings[i + 1]);
        org.keycloak.representations.idm.RequiredActionConfigRepresentation rep = new org.keycloak.representations.idm.RequiredActionConfigRepresentation();
        rep.setConfig(config);
        resource.flows().updateRequiredActionConfig(ProviderIds.PASSKEYS, rep);
    }

    /**
     * What {@code docker/configure-realm.sh} does for the demo after its import, done here through
     * the admin client (a JVM per kcadm call would cost seconds per realm): the fallback-session
     * limits on the "roles" client scope.
     */
    public void addFallbackLimits() {
        var scopes = resource.clientScopes();
        String roles = scopes.findAll().stream().filter(s -> "roles".equals(s.getName())).findFirst().orElseThrow().getId();
        var mapper = new org.keycloak.representations.idm.ProtocolMapperRepresentation();
        mapper.setName("pkf fallback session limits");
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper(FALLBACK_MAPPER);
        mapper.setConfig(Map.of());
        try (var r = scopes.get(roles).getProtocolMappers().createMapper(mapper)) {
            if (r.getStatus() != 201) throw new AssertionError("fallback mapper: " + r.getStatus() + " " + r.readEntity(String.class));
        }
    }

    /** One fixed PKCE verifier: tests that exchange a code use it, the rest only need a valid challenge. */
    public static final String PKCE_VERIFIER = "pkf-test-verifier-0123456789-abcdefghijklmnopqrstuvwxyz";

    public String authUrl() {
        return authUrl("");
    }

    /** @param extra further query parameters, each starting with '&amp;' */
    public String authUrl(String extra) {
        return baseUrl + "/realms/" + name + "/protocol/openid-connect/auth?client_id=" + CLIENT_ID
                + "&response_type=code&scope=openid&redirect_uri=" + java.net.URLEncoder.encode(REDIRECT, java.nio.charset.StandardCharsets.UTF_8)
                + "&code_challenge_method=S256&code_challenge=" + pkceChallenge(PKCE_VERIFIER) + extra;
    }

    public static String pkceChallenge(String verifier) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String accountUrl() {
        return baseUrl + "/realms/" + name + "/account";
    }

    public UserRepresentation user(String username) {
        List<UserRepresentation> found = resource.users().search(username, true);
        if (found.isEmpty()) throw new AssertionError("no user " + username + " in realm " + name);
        return found.get(0);
    }

    /** Lets admins set attributes the user profile does not declare, such as a verified phone number. */
    public void allowAdminAttributes() {
        var profile = resource.users().userProfile();
        var config = profile.getConfiguration();
        config.setUnmanagedAttributePolicy(org.keycloak.representations.userprofile.config.UPConfig.UnmanagedAttributePolicy.ADMIN_EDIT);
        profile.update(config);
    }

    public void setPhone(String userId, String phone) {
        UserRepresentation u = resource.users().get(userId).toRepresentation();
        Map<String, List<String>> attributes = u.getAttributes() == null ? new HashMap<>() : new HashMap<>(u.getAttributes());
        attributes.put("phoneNumber", List.of(phone));
        attributes.put("phoneNumberVerified", List.of("true"));
        u.setAttributes(attributes);
        resource.users().get(userId).update(u);
    }

    /** A user with a verified email and no credential at all, as an admin would create one. */
    public String createUser(String email) {
        UserRepresentation u = new UserRepresentation();
        u.setUsername(email);
        u.setEmail(email);
        u.setEmailVerified(true);
        u.setFirstName("Test");
        u.setLastName("User");
        u.setEnabled(true);
        try (var r = resource.users().create(u)) {
            if (r.getStatus() != 201) throw new AssertionError("user create: " + r.getStatus() + " " + r.readEntity(String.class));
            String location = r.getLocation().toString();
            return location.substring(location.lastIndexOf('/') + 1);
        }
    }

    /** Sets a user's password, as an admin would (not temporary). */
    public void setPassword(String userId, String password) {
        org.keycloak.representations.idm.CredentialRepresentation c = new org.keycloak.representations.idm.CredentialRepresentation();
        c.setType(org.keycloak.representations.idm.CredentialRepresentation.PASSWORD);
        c.setValue(password);
        c.setTemporary(false);
        resource.users().get(userId).resetPassword(c);
    }

    @Override
    public void close() {
        try {
            resource.remove();
        } catch (RuntimeException ignored) {
            // the server may already be gone at the end of the run
        }
    }

    /** A client whose browser flow is Keycloak's stock username form + WebAuthn Passwordless, nothing of ours. */
    public String addStockPasswordlessClient() {
        AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
        flow.setAlias("stock-passwordless");
        flow.setProviderId("basic-flow");
        flow.setTopLevel(true);
        resource.flows().createFlow(flow).close();
        resource.flows().addExecution("stock-passwordless", Map.of("provider", "auth-username-form"));
        resource.flows().addExecution("stock-passwordless", Map.of("provider", "webauthn-authenticator-passwordless"));
        for (AuthenticationExecutionInfoRepresentation e : resource.flows().getExecutions("stock-passwordless")) {
            e.setRequirement("REQUIRED");
            resource.flows().updateExecutions("stock-passwordless", e);
        }
        String flowId = resource.flows().getFlows().stream().filter(f -> f.getAlias().equals("stock-passwordless")).findFirst().orElseThrow().getId();
        ClientRepresentation stock = new ClientRepresentation();
        stock.setClientId("stock-app");
        stock.setPublicClient(true);
        stock.setRedirectUris(List.of(TestRealm.REDIRECT));
        stock.setAuthenticationFlowBindingOverrides(Map.of("browser", flowId));
        resource.clients().create(stock).close();
        return "stock-app";
    }
}
