package dev.passkeyfirst.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The few calls of Keycloak's admin REST API the benchmark needs, over plain java.net.http: realm,
 * flows and clients for the scenarios, users and their passwords, the "execute actions" email that
 * starts each passkey registration, and the switch for Keycloak's own passkeys.
 */
final class AdminApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private String token;
    private long tokenExpiresAt;

    AdminApi(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    void createRealm(JsonNode realm) {
        expect(201, send("POST", "/admin/realms", realm));
    }

    void deleteRealm(String realm) {
        HttpResponse<String> r = send("DELETE", "/admin/realms/" + realm, null);
        if (r.statusCode() != 204 && r.statusCode() != 404) fail(r);
    }

    JsonNode realm(String realm) {
        return read(expect(200, send("GET", "/admin/realms/" + realm, null)));
    }

    void updateRealm(String realm, JsonNode changes) {
        expect(204, send("PUT", "/admin/realms/" + realm, changes));
    }

    /** Ends every session of the realm, so that each measured step starts from the same state. */
    void logoutAll(String realm) {
        expect(200, send("POST", "/admin/realms/" + realm + "/logout-all", null));
    }

    /** Flow alias to id. */
    Map<String, String> flowIds(String realm) {
        JsonNode flows = read(expect(200, send("GET", "/admin/realms/" + realm + "/authentication/flows", null)));
        Map<String, String> ids = new java.util.HashMap<>();
        flows.forEach(f -> ids.put(f.get("alias").asText(), f.get("id").asText()));
        return ids;
    }

    JsonNode client(String realm, String clientId) {
        JsonNode found = read(expect(200, send("GET", "/admin/realms/" + realm + "/clients?clientId="
                + URLEncoder.encode(clientId, StandardCharsets.UTF_8), null)));
        if (found.isEmpty()) throw new IllegalStateException("no client " + clientId + " in realm " + realm);
        return found.get(0);
    }

    void updateClient(String realm, JsonNode client) {
        expect(204, send("PUT", "/admin/realms/" + realm + "/clients/" + client.get("id").asText(), client));
    }

    /** Creates the user and returns its id. */
    String createUser(String realm, JsonNode user) {
        HttpResponse<String> r = expect(201, send("POST", "/admin/realms/" + realm + "/users", user));
        String location = r.headers().firstValue("location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** Sets a password the way an admin does; Keycloak hashes it with the realm's policy (Argon2id by default). */
    void setPassword(String realm, String userId, String password) {
        ObjectNode cred = JSON.createObjectNode().put("type", "password").put("value", password).put("temporary", false);
        expect(204, send("PUT", "/admin/realms/" + realm + "/users/" + userId + "/reset-password", cred));
    }

    void executeActionsEmail(String realm, String userId, List<String> actions) {
        expect(204, send("PUT", "/admin/realms/" + realm + "/users/" + userId + "/execute-actions-email", JSON.valueToTree(actions)));
    }

    JsonNode credentials(String realm, String userId) {
        return read(expect(200, send("GET", "/admin/realms/" + realm + "/users/" + userId + "/credentials", null)));
    }

    void deleteCredential(String realm, String userId, String credentialId) {
        expect(204, send("DELETE", "/admin/realms/" + realm + "/users/" + userId + "/credentials/" + credentialId, null));
    }

    private synchronized String token() {
        if (token == null || System.currentTimeMillis() > tokenExpiresAt) {
            String form = "grant_type=password&client_id=admin-cli&username=admin&password=admin";
            HttpResponse<String> r = call(HttpRequest.newBuilder(URI.create(baseUrl + "/realms/master/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
            JsonNode t = read(expect(200, r));
            token = t.get("access_token").asText();
            // renew well before it expires (admin-cli tokens live 60 s by default)
            tokenExpiresAt = System.currentTimeMillis() + Math.max(5, t.get("expires_in").asLong() - 20) * 1000;
        }
        return token;
    }

    private HttpResponse<String> send(String method, String path, JsonNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token());
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return call(b);
    }

    private HttpResponse<String> call(HttpRequest.Builder b) {
        try {
            return http.send(b.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> r) {
        if (r.statusCode() != status) fail(r);
        return r;
    }

    private static void fail(HttpResponse<String> r) {
        throw new IllegalStateException("admin API " + r.request().method() + " " + r.uri().getPath() + ": " + r.statusCode() + " " + r.body());
    }

    static JsonNode read(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
