package dev.passkeyfirst.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A browser without a browser: its own cookie jar, redirects followed while they stay on the origin
 * that answered (Keycloak), not to the application it hands the code to; pages parsed with jsoup.
 * Keycloak marks cookies Secure even on http://localhost, which java.net's cookie manager then
 * refuses to send; this jar sends them.
 *
 * <p>Cookies live in this object, not in the {@link HttpClient}, so many short-lived clients (one per
 * sign-in in the benchmarks) can share one connection pool and still start with an empty jar.
 */
public final class WebClient {

    public static final String CHROME =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REDIRECTS = 10;

    /** Keyed by name and path: Keycloak sets cookies of the same name for each realm's path. */
    private final Map<String, Cookie> cookies;

    private record Cookie(String name, String value, String path) {
        boolean sentTo(URI uri) {
            String p = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return p.startsWith(path) || (path.endsWith("/") && p.equals(path.substring(0, path.length() - 1)));
        }
    }
    private final HttpClient http;
    private final String userAgent;
    private final Map<String, String> extraHeaders;

    public WebClient() {
        this(CHROME);
    }

    public WebClient(String userAgent) {
        this(newHttpClient(), userAgent);
    }

    /** A fresh cookie jar on a shared client (its connections are kept alive between jars). */
    public WebClient(HttpClient http, String userAgent) {
        this.cookies = new ConcurrentHashMap<>();
        this.http = http;
        this.userAgent = userAgent;
        this.extraHeaders = Map.of();
    }

    private WebClient(WebClient of, Map<String, String> extraHeaders) {
        this.cookies = of.cookies;
        this.http = of.http;
        this.userAgent = of.userAgent;
        this.extraHeaders = extraHeaders;
    }

    /** Signs this browser out the way closing it does: every cookie goes but the named long-lived ones. */
    public void forgetCookiesExcept(String... keep) {
        java.util.Set<String> kept = java.util.Set.of(keep);
        cookies.values().removeIf(c -> !kept.contains(c.name()));
    }

    /** Copies a cookie of another browser into this one, as someone who lifted it from that browser would. */
    public void copyCookie(WebClient from, String name) {
        from.cookies.forEach((key, c) -> {
            if (c.name().equals(name)) cookies.put(key, c);
        });
    }

    /**
     * The same browser (same cookies) sending one more header on every request; the cluster tests use
     * it to pick the node that serves a request, while the page, cookies and origin stay the public ones.
     */
    public WebClient withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(extraHeaders);
        h.put(name, value);
        return new WebClient(this, Map.copyOf(h));
    }

    /**
     * Redirects are followed by {@link WebClient} itself, so it sees every Set-Cookie on the way;
     * HTTP/1.1 as browsers speak it over plain http (java.net.http would otherwise try an h2c upgrade).
     */
    public static HttpClient newHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Thrown when a page lacks what a browser's script or user would need from it. */
    public static final class UnexpectedPageException extends RuntimeException {
        public UnexpectedPageException(String message) {
            super(message);
        }
    }

    /** One response; its HTML is parsed once, on first use. */
    public static final class Page {
        private final int status;
        private final String url;
        private final String body;
        private final Map<String, List<String>> headers;
        private Document doc;

        public Page(int status, String url, String body, Map<String, List<String>> headers) {
            this.status = status;
            this.url = url;
            this.body = body;
            this.headers = headers;
        }

        public int status() { return status; }
        public String url() { return url; }
        public String body() { return body; }
        public Map<String, List<String>> headers() { return headers; }

        public synchronized Document doc() {
            if (doc == null) doc = Jsoup.parse(body, url);
            return doc;
        }

        /** Keycloak's page id ({@code <body data-page-id="login-...">}), or null for a non-page. */
        public String pageId() {
            Element b = doc().body();
            return b == null ? null : b.attr("data-page-id");
        }

        public String formAction(String formId) {
            return form(formId).absUrl("action");
        }

        /**
         * The name and value of every field the form would submit as it stands (text and hidden
         * inputs, checked boxes), in document order: what a page's script starts from before it
         * fills in its own fields and calls {@code form.submit()}.
         */
        public Map<String, String> formFields(String formId) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (Element input : form(formId).select("input[name]")) {
                String type = input.attr("type").toLowerCase();
                if (input.hasAttr("disabled") || type.equals("submit") || type.equals("button") || type.equals("image")) continue;
                if ((type.equals("checkbox") || type.equals("radio")) && !input.hasAttr("checked")) continue;
                fields.put(input.attr("name"), input.hasAttr("value") ? input.attr("value") : (type.equals("checkbox") ? "on" : ""));
            }
            return fields;
        }

        public Element form(String formId) {
            Element f = doc().getElementById(formId);
            if (f == null || !f.tagName().equals("form")) {
                throw new UnexpectedPageException("no form #" + formId + " on page " + pageId() + " (" + status + ")" + errorSuffix());
            }
            return f;
        }

        public JsonNode data(String elementId) {
            Element e = doc().getElementById(elementId);
            if (e == null) throw new UnexpectedPageException("no #" + elementId + " on page " + pageId() + " (" + status + ")" + errorSuffix());
            try {
                return JSON.readTree(e.data());
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        /** The message Keycloak shows above the form, if any. */
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

        private String errorSuffix() {
            String error = body.isEmpty() ? null : error();
            return error == null ? "" : ": " + error;
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

    /**
     * Any request a browser's page would never send, with this browser's cookies: another method,
     * other headers (Content-Type, Content-Encoding), raw body bytes. Redirects are not followed;
     * {@link #followWithinOrigin(Page)} does what a browser would do next.
     */
    public Page raw(String method, String url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return send(b);
    }

    /** Follows a response's redirects while they stay on the origin that sent them, as {@link #post} does. */
    public Page followWithinOrigin(Page p) {
        return follow(p);
    }

    public static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** Follows redirects while they stay on the origin that sent them; a redirect elsewhere is the answer. */
    private Page follow(Page p) {
        int hops = 0;
        while ((p.status() == 302 || p.status() == 303) && !p.location().isEmpty() && hops++ < MAX_REDIRECTS) {
            URI from = URI.create(p.url());
            URI to = from.resolve(p.location());
            if (!sameOrigin(from, to)) break;
            p = send(HttpRequest.newBuilder(to).GET());
        }
        return p;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(a.getHost(), b.getHost()) && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
    }

    private Page send(HttpRequest.Builder b) {
        // 60 s: the cluster tests kill a node mid-flow, and the balancer's retry takes a while on 2 cores
        extraHeaders.forEach(b::header);
        b.header("User-Agent", userAgent).header("Accept-Language", "en").timeout(Duration.ofSeconds(60));
        HttpRequest request = b.build();
        URI uri = request.uri();
        if (!cookies.isEmpty()) {
            // the longest path first, as browsers order them
            String header = cookies.values().stream().filter(c -> c.sentTo(uri))
                    .sorted((x, y) -> y.path().length() - x.path().length())
                    .map(c -> c.name() + "=" + c.value()).collect(Collectors.joining("; "));
            if (!header.isEmpty()) request = HttpRequest.newBuilder(request, (n, v) -> true).header("Cookie", header).build();
        }
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            keepCookies(request.uri(), r.headers().allValues("set-cookie"));
            return new Page(r.statusCode(), r.uri().toString(), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void keepCookies(URI from, List<String> setCookies) {
        for (String h : setCookies) {
            for (HttpCookie c : HttpCookie.parse(h)) {
                String path = c.getPath() != null && !c.getPath().isEmpty() ? c.getPath() : defaultPath(from);
                String key = c.getName() + "\u0000" + path;
                if (c.getMaxAge() == 0 || c.getValue().isEmpty()) cookies.remove(key);
                else cookies.put(key, new Cookie(c.getName(), c.getValue(), path));
            }
        }
    }

    /** RFC 6265: the request path up to its last slash. */
    private static String defaultPath(URI uri) {
        String p = uri.getRawPath();
        if (p == null || !p.startsWith("/") || p.lastIndexOf('/') == 0) return "/";
        return p.substring(0, p.lastIndexOf('/'));
    }
}
