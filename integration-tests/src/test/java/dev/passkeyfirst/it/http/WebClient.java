package dev.passkeyfirst.it.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieHandler;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passkeyfirst.it.harness.KeycloakServer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A browser without a browser: its own cookies, redirects followed while they stay on Keycloak,
 * pages parsed with jsoup. Keycloak marks cookies Secure even on http://localhost, which
 * java.net's cookie manager then refuses to send; this jar sends them.
 */
public final class WebClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final String CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

    private final Map<String, String> cookies;
    private final HttpClient http;
    private final String userAgent;
    /** Redirects to this address are followed (they stay on the server); others end the walk. */
    private final String serverUrl;
    private final Map<String, String> extraHeaders;

    public WebClient() {
        this(CHROME);
    }

    public WebClient(String userAgent) {
        this(userAgent, KeycloakServer.URL);
    }

    /** A client of the server (or cluster) whose public address is {@code serverUrl}. */
    public WebClient(String userAgent, String serverUrl) {
        this.cookies = new ConcurrentHashMap<>();
        this.userAgent = userAgent;
        this.serverUrl = serverUrl;
        this.extraHeaders = Map.of();
        this.http = HttpClient.newBuilder().cookieHandler(new Jar(cookies)).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private WebClient(WebClient of, Map<String, String> extraHeaders) {
        this.cookies = of.cookies;
        this.http = of.http;
        this.userAgent = of.userAgent;
        this.serverUrl = of.serverUrl;
        this.extraHeaders = extraHeaders;
    }

    /**
     * The same browser (same cookies) sending one more header on every request; the cluster tests use
     * it to pick the node that serves a request, while the page, cookies and origin stay the public ones.
     */
    public WebClient withHeader(String name, String value) {
        Map<String, String> h = new java.util.LinkedHashMap<>(extraHeaders);
        h.put(name, value);
        return new WebClient(this, Map.copyOf(h));
    }

    public record Page(int status, String url, String body, Map<String, List<String>> headers) {
        public Document doc() {
            return Jsoup.parse(body, url);
        }

        public String pageId() {
            Element b = doc().body();
            return b == null ? null : b.attr("data-page-id");
        }

        public String formAction(String formId) {
            Element f = doc().getElementById(formId);
            if (f == null) throw new AssertionError("no form #" + formId + " on " + pageId() + " (" + status + ")\n" + body);
            return f.attr("action");
        }

        public JsonNode data(String elementId) {
            Element e = doc().getElementById(elementId);
            if (e == null) throw new AssertionError("no #" + elementId + " on " + pageId() + "\n" + body);
            try {
                return JSON.readTree(e.data());
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        public String error() {
            Element e = doc().selectFirst(".kc-feedback-text");
            return e == null ? null : e.text();
        }

        public String location() {
            return header("location");
        }

        /** A response header's first value, or "" (names are case-insensitive). */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().isEmpty() ? "" : e.getValue().get(0)).orElse("");
        }

        /** The origin a browser showing this page would put into clientDataJSON. */
        public String origin() {
            URI u = URI.create(url);
            return u.getScheme() + "://" + u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort());
        }
    }

    public Page get(String url) {
        return follow(send(HttpRequest.newBuilder(URI.create(url)).GET()));
    }

    public Page head(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    public Page post(String url, Map<String, String> form) {
        return follow(postNoFollow(url, form));
    }

    public Page postNoFollow(String url, Map<String, String> form) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))));
    }

    /** A raw body, for requests no form would send (repeated fields, odd encodings). */
    public Page postRaw(String url, String body) {
        return follow(send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))));
    }

    public static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private Page follow(Page p) {
        int hops = 0;
        while ((p.status() == 302 || p.status() == 303) && p.location().startsWith(serverUrl) && hops++ < 10) {
            p = send(HttpRequest.newBuilder(URI.create(p.location())).GET());
        }
        return p;
    }

    private Page send(HttpRequest.Builder b) {
        try {
            extraHeaders.forEach(b::header);
            HttpResponse<String> r = http.send(b.header("User-Agent", userAgent).header("Accept-Language", "en")
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            return new Page(r.statusCode(), r.uri().toString(), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Shared by a client and its {@link #withHeader} views: one browser, one cookie jar. */
    private static final class Jar extends CookieHandler {
        private final Map<String, String> cookies;

        Jar(Map<String, String> cookies) {
            this.cookies = cookies;
        }

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) {
            if (cookies.isEmpty()) return Map.of();
            return Map.of("Cookie", List.of(cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; "))));
        }

        @Override
        public void put(URI uri, Map<String, List<String>> headers) {
            headers.forEach((k, v) -> {
                if (k != null && k.equalsIgnoreCase("Set-Cookie")) {
                    for (String h : v) {
                        for (HttpCookie c : HttpCookie.parse(h)) {
                            if (c.getMaxAge() == 0 || c.getValue().isEmpty()) cookies.remove(c.getName());
                            else cookies.put(c.getName(), c.getValue());
                        }
                    }
                }
            });
        }
    }
}
