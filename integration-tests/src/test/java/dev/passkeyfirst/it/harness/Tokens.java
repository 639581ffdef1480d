package dev.passkeyfirst.it.harness;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passkeyfirst.testsupport.WebClient;

/** Exchanges the authorization code a sign-in ended with for tokens, as the test app would. */
public final class Tokens {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Tokens() {
    }

    public static String code(String callbackUrl) {
        String query = URI.create(callbackUrl).getRawQuery();
        for (String part : query.split("&")) {
            if (part.startsWith("code=")) return URLDecoder.decode(part.substring(5), StandardCharsets.UTF_8);
        }
        throw new AssertionError("no code in " + callbackUrl);
    }

    /** The access token's claims. */
    public static JsonNode exchange(TestRealm realm, String callbackUrl) {
        return exchange(realm, callbackUrl, realm.baseUrl);
    }

    /** The same, at the token endpoint of the server at {@code serverUrl} (in a cluster: one chosen node). */
    public static JsonNode exchange(TestRealm realm, String callbackUrl, String serverUrl) {
        return claims(response(realm, callbackUrl, serverUrl).get("access_token").asText());
    }

    /** The token endpoint's whole answer: access, refresh and ID token. */
    public static JsonNode response(TestRealm realm, String callbackUrl, String serverUrl) {
        return response(realm, callbackUrl, serverUrl, null);
    }

    /** The same with the tokens bound to a DPoP key, as a client that uses DPoP asks for them. */
    public static JsonNode response(TestRealm realm, String callbackUrl, String serverUrl, DPoP dpop) {
        try {
            String body = WebClient.encode(Map.of("grant_type", "authorization_code", "code", code(callbackUrl),
                    "redirect_uri", TestRealm.REDIRECT, "client_id", TestRealm.CLIENT_ID, "code_verifier", TestRealm.PKCE_VERIFIER));
            String tokenUrl = serverUrl + "/realms/" + realm.name + "/protocol/openid-connect/token";
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(tokenUrl))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
            if (dpop != null) request.header("DPoP", dpop.proof("POST", tokenUrl, null));
            HttpResponse<String> r = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new AssertionError("token endpoint " + r.statusCode() + ": " + r.body());
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A JWT's claims, unverified (the tests read what the server issued to them). */
    public static JsonNode claims(String jwt) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
