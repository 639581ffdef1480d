package dev.passkeyfirst.keycloak.sms;

import dev.passkeyfirst.keycloak.util.PkfFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;

/**
 * Posts the message to an SMS gateway: URL, one secret header (e.g. {@code Authorization: Bearer ...})
 * and a body template with {@code ${to}} and {@code ${text}} placeholders (JSON-escaped).
 */
public class HttpSmsSenderFactory implements SmsSenderFactory, PkfFactory<SmsSender> {

    public static final String PROVIDER_ID = "http";
    public static final String URL = "pkf.smsGatewayUrl";
    public static final String HEADER_NAME = "pkf.smsGatewayHeaderName";
    public static final String HEADER_VALUE = "pkf.smsGatewayHeaderValue";
    public static final String BODY_TEMPLATE = "pkf.smsGatewayBody";
    public static final String DEFAULT_BODY = "{\"to\":\"${to}\",\"text\":\"${text}\"}";

    /** One client for the node: connection pools are not user data, and building one per message is slow. */
    private HttpClient client;

    @Override
    public SmsSender create(KeycloakSession session) {
        return new SmsSender() {
            @Override
            public void send(String phoneNumber, String text, Map<String, String> config) throws SmsException {
                String url = config.get(URL);
                if (url == null || url.isBlank()) throw new SmsException("no SMS gateway URL configured");
                String template = config.getOrDefault(BODY_TEMPLATE, DEFAULT_BODY);
                if (template == null || template.isBlank()) template = DEFAULT_BODY;
                String body = template.replace("${to}", json(phoneNumber)).replace("${text}", json(text));
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", body.trim().startsWith("{") ? "application/json" : "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body));
                String header = config.get(HEADER_NAME);
                if (header != null && !header.isBlank() && config.get(HEADER_VALUE) != null) request.header(header.trim(), config.get(HEADER_VALUE));
                try {
                    HttpResponse<Void> r = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() / 100 != 2) throw new SmsException("SMS gateway answered " + r.statusCode());
                } catch (IOException e) {
                    throw new SmsException("SMS gateway unreachable: " + e.getClass().getSimpleName());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SmsException("interrupted");
                } catch (IllegalArgumentException e) {
                    throw new SmsException("SMS gateway URL is not valid");
                }
            }

            @Override
            public void close() {
            }
        };
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.toString();
    }

    @Override
    public void init(Config.Scope config) {
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
