package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passkeyfirst.it.harness.KeycloakServer;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.mailbox.Mailbox;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.representations.idm.CredentialRepresentation;

/**
 * Issue 16, "Bad input, everywhere" (DESIGN §5: "Bad input of any kind: a translated error page or
 * 4xx; never 500, never a stack trace, never a partial write"): every form and endpoint of ours, each
 * reached in the state where its real request would act, then sent that request spoiled in one way:
 * values that are not base64url, missing and repeated fields, 100 KB values, bad percent-encoding,
 * another Content-Type, more than 1,000 parameters, a gzip body; and, on our realm resource
 * ({@code /realms/{realm}/passkey-first/...}), malformed addresses and the methods it does not serve.
 *
 * <p>Each case asserts: no 5xx, a redirect
 * back into Keycloak followed as a browser would, the final answer a 4xx or a page whose message is
 * translated, never a sign-in (a code for the application), no ERROR and no stack trace in the
 * server log while it ran, and the state the real request would have changed unchanged (the
 * account's credentials; where the real request takes a link or leaves a passkey waiting, that too).
 *
 * <p>Data-driven: {@link #formTargets()} and {@link #linkTargets()} name what is attacked,
 * {@link #FORM_MUTATIONS}, {@link #LINK_MUTATIONS} and {@link #WRONG_METHODS} how; each pair is one
 * case. A target prepares a fresh request every time (a fresh page, challenge and action URL), so a
 * refusal is never just Keycloak's "expired action" for a stale URL.
 *
 * <p>Five spoilings (a bad percent-escape, a trailing '%', a multipart type over a plain body, more
 * than 1,000 parameters, a gzip body) are answered 500 by Keycloak's own form parsing before any
 * resource method runs; they are the explicit allow-list {@link #KEYCLOAK_PARSER_5XX} and are sent by
 * {@link KeycloakFormParsingTest}, which proves for each that no code of ours ran.
 */
class BadInputFuzzTest extends ServerTest {

    private static final String HUNDRED_KB = "A".repeat(100_000);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected TestRealm createRealm() {
        // the recovery limits raised to their maximum, so that each case reaches the code it attacks
        // rather than a limit (the limits have tests of their own)
        TestRealm r = TestRealm.create(server, mailbox.smtpPort(), rep -> rep.getAuthenticatorConfig().stream()
                .filter(c -> c.getAlias().equals("pkf-recovery")).forEach(c -> {
                    Map<String, String> config = new HashMap<>(c.getConfig());
                    config.put("pkf.recoveryMailsPerUser", "100");
                    config.put("pkf.recoveryMailsPerIp", "10000");
                    config.put("pkf.codeAttempts", "100");
                    config.put("pkf.smsSender", "log");
                    c.setConfig(config);
                }));
        // the new-place proof on: every case signs in from 127.0.0.1, the place its passkeys were made;
        // only the new-place cases come from elsewhere
        var flows = r.resource.flows();
        var login = flows.getExecutions("pkf-browser").stream().filter(e -> ProviderIds.PASSKEY_LOGIN.equals(e.getProviderId()))
                .findFirst().orElseThrow();
        var loginConfig = flows.getAuthenticatorConfig(login.getAuthenticationConfig());
        Map<String, String> placeProof = new HashMap<>(loginConfig.getConfig());
        placeProof.put("pkf.placeProof", "network");
        loginConfig.setConfig(placeProof);
        flows.updateAuthenticatorConfig(loginConfig.getId(), loginConfig);
        r.allowAdminAttributes();
        return r;
    }

    // ------------------------------------------------------------------------------------------
    // What a case sends and checks

    /**
     * A request of ours just before it is sent: who sends it (cookies), where, the fields the page's
     * form or script would post, and the state it must leave as it was.
     */
    record Base(WebClient client, String url, Map<String, String> form, String stateBefore, Supplier<String> stateAfter) {
    }

    /** The request actually sent. {@code socket}: sent byte for byte (java.net.URI refuses a malformed address). */
    record Raw(String method, String url, Map<String, String> headers, byte[] body, boolean socket) {
        Raw(String method, String url, Map<String, String> headers, byte[] body) {
            this(method, url, headers, body, false);
        }
    }

    record Mutation(String name, Function<Base, Raw> apply) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Map<String, String> formType() {
        return Map.of("Content-Type", "application/x-www-form-urlencoded");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) form.put(keysAndValues[i], keysAndValues[i + 1]);
        return form;
    }

    private static Map<String, String> mapValues(Map<String, String> form, Function<String, String> f) {
        Map<String, String> out = new LinkedHashMap<>();
        form.forEach((k, v) -> out.put(k, f.apply(v)));
        return out;
    }

    private static Raw post(Base b, String body) {
        return new Raw("POST", b.url(), formType(), utf8(body));
    }

    /** Every way a form post of ours is spoiled; each keeps everything else as the page would send it. */
    static final List<Mutation> FORM_MUTATIONS = List.of(
            new Mutation("values not base64url", b -> post(b, WebClient.encode(mapValues(b.form(), v -> "%%% not*base64~url! \u00e9")))),
            new Mutation("empty body", b -> post(b, "")),
            new Mutation("first field missing", b -> {
                Map<String, String> rest = new LinkedHashMap<>(b.form());
                rest.remove(rest.keySet().iterator().next());
                return post(b, WebClient.encode(rest));
            }),
            // a second value for every single-valued field (the review's "remove" checkboxes repeat by design)
            new Mutation("every field repeated", b -> post(b, WebClient.encode(b.form()) + "&"
                    + b.form().keySet().stream().filter(k -> !k.equals("remove")).map(k -> enc(k) + "=x").collect(Collectors.joining("&")))),
            new Mutation("values of 100 KB", b -> post(b, WebClient.encode(mapValues(b.form(), v -> HUNDRED_KB)))),
            // the others as the page sends them: the one long value must be refused, not cut short and used
            new Mutation("last value of 100 KB", b -> {
                Map<String, String> form = new LinkedHashMap<>(b.form());
                String last = new ArrayList<>(form.keySet()).get(form.size() - 1);
                form.put(last, HUNDRED_KB);
                return post(b, WebClient.encode(form));
            }),
            new Mutation("Content-Type application/json", b -> {
                try {
                    return new Raw("POST", b.url(), Map.of("Content-Type", "application/json"), JSON.writeValueAsBytes(b.form()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }),
            new Mutation("Content-Type text/plain", b -> new Raw("POST", b.url(),
                    Map.of("Content-Type", "text/plain"), utf8(WebClient.encode(b.form())))),
            new Mutation("no Content-Type", b -> new Raw("POST", b.url(), Map.of(), utf8(WebClient.encode(b.form())))));

    /**
     * The allow-list: form posts that Keycloak 26.7.3 answers with a 500 before any resource method
     * runs, ours or Keycloak's own. RESTEasy Reactive's {@code FormBodyHandler} parses every
     * {@code application/x-www-form-urlencoded} or {@code multipart/form-data} body before dispatch
     * (for Keycloak's login-actions endpoints and for our realm resource alike), fails, and Keycloak's
     * error handler answers 500 and logs "Uncaught server error" as an ERROR with a stack trace. Each
     * request (by its name in {@link #PARSER_MUTATIONS}) maps to the text Keycloak logs for it. They are
     * sent by {@link KeycloakFormParsingTest}, which checks for each that no code of ours ran; not here,
     * where the class's log check would report Keycloak's traces.
     */
    static final Map<String, String> KEYCLOAK_PARSER_5XX = new LinkedHashMap<>();

    static {
        // a value "%zz": IllegalArgumentException from URLUtils.decode
        KEYCLOAK_PARSER_5XX.put("%zz in a value", "Failed to decode URL %zz to UTF-8");
        // a body ending in "=%": the same
        KEYCLOAK_PARSER_5XX.put("trailing %", "Failed to decode URL % to UTF-8");
        // Content-Type multipart/form-data; boundary=... over a urlencoded body: IOException
        KEYCLOAK_PARSER_5XX.put("Content-Type multipart without a multipart body", "Connection terminated parsing multipart request");
        // 1,100 urlencoded parameters: RuntimeException from FormData.add, its limit is 1,000
        KEYCLOAK_PARSER_5XX.put("1,100 parameters", "Param limit of 1000 was exceeded");
        // Content-Encoding: gzip: nothing decompresses it, its bytes are parsed as a form; a stray '%'
        // among them fails like %zz (most bodies hold one; one without is judged as any bad input)
        KEYCLOAK_PARSER_5XX.put("gzip Content-Encoding", "Failed to decode URL ");
    }

    static final List<Mutation> PARSER_MUTATIONS = List.of(
            new Mutation("%zz in a value", b -> {
                Map<String, String> rest = new LinkedHashMap<>(b.form());
                String first = rest.keySet().iterator().next();
                rest.remove(first);
                return post(b, enc(first) + "=%zz" + (rest.isEmpty() ? "" : "&" + WebClient.encode(rest)));
            }),
            new Mutation("trailing %", b -> post(b, WebClient.encode(b.form()) + "&pkf.x=%")),
            new Mutation("Content-Type multipart without a multipart body", b -> new Raw("POST", b.url(),
                    Map.of("Content-Type", "multipart/form-data; boundary=pkfboundary"), utf8(WebClient.encode(b.form())))),
            new Mutation("1,100 parameters", b -> post(b, WebClient.encode(b.form()) + Stream.iterate(0, i -> i + 1).limit(1100)
                    .map(i -> "&p" + i + "=x").collect(Collectors.joining()))),
            new Mutation("gzip Content-Encoding", b -> {
                ByteArrayOutputStream gz = new ByteArrayOutputStream();
                try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                    out.write(utf8(WebClient.encode(b.form())));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return new Raw("POST", b.url(), Map.of("Content-Type", "application/x-www-form-urlencoded", "Content-Encoding", "gzip"),
                        gz.toByteArray());
            }));

    /** The address of a GET of our realm resource, spoiled; sent byte for byte. */
    static final List<Mutation> LINK_MUTATIONS = List.of(
            new Mutation("id not base64url", b -> getRaw(b, replaceId(b.url(), "%3Cscript%3E*~!%22"))),
            new Mutation("id with a NUL byte", b -> getRaw(b, replaceId(b.url(), "AAAA%00AAAA"))),
            new Mutation("id of 2,000 characters", b -> getRaw(b, replaceId(b.url(), "A".repeat(2000)))),
            new Mutation("id of 100 KB", b -> getRaw(b, replaceId(b.url(), HUNDRED_KB))),
            new Mutation("%zz in the path", b -> getRaw(b, replaceId(b.url(), "AAAA%zz"))),
            new Mutation("trailing % in the query", b -> getRaw(b, b.url() + (b.url().contains("?") ? "&" : "?") + "x=%")),
            new Mutation("query parameters repeated", b -> getRaw(b, repeatQuery(b.url()))),
            new Mutation("id and query missing", b -> getRaw(b, stripIdAndQuery(b.url()))),
            new Mutation("1,100 query parameters", b -> getRaw(b, b.url() + (b.url().contains("?") ? "&" : "?")
                    + Stream.iterate(0, i -> i + 1).limit(1100).map(i -> "p" + i + "=x").collect(Collectors.joining("&")))));

    /** Methods our realm resource does not serve, with a form body. */
    static final List<Mutation> WRONG_METHODS = Stream.of("PUT", "DELETE", "PATCH", "OPTIONS")
            .map(m -> new Mutation(m, b -> new Raw(m, b.url(), formType(), utf8(b.form().isEmpty() ? "binding=x" : WebClient.encode(b.form())))))
            .toList();

    private static Raw getRaw(Base b, String target) {
        return new Raw("GET", target, Map.of(), null, true);
    }

    /** Resource paths end in an id ("pair/{id}"); the ones without (pairing-status, recovered) get a bogus segment. */
    private static String replaceId(String url, String id) {
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        String query = q < 0 ? "" : url.substring(q);
        String last = path.substring(path.lastIndexOf('/') + 1);
        boolean hasId = !Set.of("pairing-status", "recovered", "device-added").contains(last);
        return (hasId ? path.substring(0, path.lastIndexOf('/') + 1) : path + "/") + id + query;
    }

    private static String repeatQuery(String url) {
        int q = url.indexOf('?');
        if (q < 0) return url + "?a=1&a=2";
        String query = url.substring(q + 1);
        String again = Stream.of(query.split("&")).map(p -> p.substring(0, Math.max(0, p.indexOf('='))) + "=x").collect(Collectors.joining("&"));
        return url + "&" + again;
    }

    private static String stripIdAndQuery(String url) {
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        return path.substring(0, path.lastIndexOf('/') + 1);
    }

    // ------------------------------------------------------------------------------------------
    // The cases

    static final List<String> FORM_TARGETS = List.of(
            "sign-in: passkey assertion", "sign-in: username step", "create passkey",
            "add device A: code", "add device A: approval", "pair confirm POST /pair/{id}", "device B: create passkey",
            "recovery: identify", "recovery: recovery code", "recover: method", "recover: otp", "recover: create passkey",
            "recover: review", "POST /recover/{id}", "POST /sign-in/{id}", "POST /not-me/{id}",
            "POST /sign-in-not-me/{id}", "sign-in: new place", "passkeys: rename", "passkeys: remove", "passkeys: remove confirmed", "passkeys: sign out");

    static final List<String> LINK_TARGETS = List.of(
            "GET /pair/{id}", "GET /recover/{id}", "GET /sign-in/{id}", "GET /not-me/{id}", "GET /sign-in-not-me/{id}", "GET /pairing-status",
            "GET /recovered", "GET /device-added");

    static Stream<Arguments> formCases() {
        return FORM_TARGETS.stream().flatMap(t -> FORM_MUTATIONS.stream().map(m -> Arguments.of(t, m)));
    }

    static Stream<Arguments> linkCases() {
        return LINK_TARGETS.stream().flatMap(t -> LINK_MUTATIONS.stream().map(m -> Arguments.of(t, m)));
    }

    /** Our resource's paths, each with the methods it does not serve (the POST-able ones with their own form). */
    static Stream<Arguments> methodCases() {
        return Stream.of("POST /pair/{id}", "POST /recover/{id}", "POST /sign-in/{id}", "POST /not-me/{id}", "POST /sign-in-not-me/{id}",
                        "GET /pairing-status", "GET /recovered", "GET /device-added")
                .flatMap(t -> WRONG_METHODS.stream().map(m -> Arguments.of(t, m)));
    }

    @ParameterizedTest(name = "{0} | {1}")
    @MethodSource("formCases")
    void formsAnswerSpoiledPostsWithAPageOrA4xx(String target, Mutation mutation) {
        run(target, mutation, formTarget(target));
    }

    @ParameterizedTest(name = "{0} | {1}")
    @MethodSource("linkCases")
    void resourceAddressesAnswerMalformedRequestsWithAPageOrA4xx(String target, Mutation mutation) {
        run(target, mutation, linkTarget(target));
    }

    @ParameterizedTest(name = "{0} | {1}")
    @MethodSource("methodCases")
    void resourcePathsRefuseOtherMethods(String target, Mutation mutation) {
        Supplier<Base> base = target.startsWith("POST ") ? formTarget(target) : linkTarget(target);
        run(target, mutation, base);
    }

    private void run(String target, Mutation mutation, Supplier<Base> prepare) {
        Base b = prepare.get();
        Raw raw = mutation.apply().apply(b);
        String label = target + " | " + mutation.name();
        int mark = server.logLineCount();
        WebClient.Page first = send(b.client(), raw);
        WebClient.Page end = first;
        if ((first.status() == 302 || first.status() == 303) && first.location().startsWith(HttpFlows.ORIGIN)
                || first.status() == 302 && first.location().startsWith("/")) {
            // a browser follows Keycloak's redirect back into the flow at once
            end = b.client().followWithinOrigin(first);
        }
        List<String> logged = errorsLoggedSince(server, mark);
        for (WebClient.Page p : List.of(first, end)) {
            if (p.status() >= 500) {
                fail(label + ": " + p.status() + " for " + describe(raw) + "\n" + String.join("\n", logged) + "\n" + abbreviate(p.body()));
            }
        }
        assertTrue(logged.isEmpty(), label + ": the server logged\n" + String.join("\n", logged));
        assertAnswer(label, end);
        assertEquals(b.stateBefore(), b.stateAfter().get(), label + ": the state changed (answer " + end.status() + " " + end.pageId() + ")");
    }

    static String describe(Raw raw) {
        return raw.method() + " " + abbreviate(raw.url()) + " " + raw.headers();
    }

    static String abbreviate(String s) {
        return s == null ? "" : s.length() <= 600 ? s : s.substring(0, 600) + "…";
    }

    /** A 4xx, or a page with a translated message; never a code for the application. */
    static void assertAnswer(String label, WebClient.Page p) {
        if (p.status() == 0) return; // the HTTP server closed the connection (an address over its limit): nothing ran
        if (p.status() == 302 || p.status() == 303) {
            assertTrue(!p.location().contains("code="), label + ": signed in: " + p.location());
            return;
        }
        String type = p.header("content-type");
        if (!type.startsWith("text/html") || !p.body().contains("data-page-id")) {
            // JSON (the pairing status), an empty answer (OPTIONS, 405) or a plain 4xx of the HTTP layer
            assertTrue(p.status() < 300 && (type.startsWith("application/json") || p.body().isEmpty()) || p.status() >= 400,
                    label + ": " + p.status() + " " + type + "\n" + abbreviate(p.body()));
            return;
        }
        String id = p.pageId();
        assertTrue(id != null && !id.isEmpty(), label + ": not a page\n" + abbreviate(p.body()));
        String error = p.error();
        if (error != null) {
            assertTrue(!error.isBlank() && !error.startsWith("pkf") && !error.contains("???"), label + ": untranslated message " + error);
        }
    }

    /** Every ERROR line and every stack trace (with the line that introduced it) since {@code mark}. */
    static List<String> errorsLoggedSince(KeycloakServer server, int mark) {
        List<String> lines = server.logLinesSince(mark);
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < lines.size() && bad.size() < 40; i++) {
            String l = lines.get(i);
            boolean trace = l.startsWith("\tat ");
            if (trace && i > 0 && !lines.get(i - 1).startsWith("\tat ")) bad.add(lines.get(i - 1));
            if (trace || l.contains(" ERROR [")) bad.add(l.replace('\t', ' '));
        }
        return bad;
    }

    static WebClient.Page send(WebClient client, Raw raw) {
        if (raw.socket()) return socket(raw);
        try {
            return client.raw(raw.method(), raw.url(), raw.headers(), raw.body());
        } catch (UncheckedIOException e) {
            return new WebClient.Page(0, raw.url(), "", Map.of());
        }
    }

    /** One request written byte for byte (no cookies): for addresses java.net.URI will not even parse. */
    private static WebClient.Page socket(Raw raw) {
        String target = raw.url().substring(HttpFlows.ORIGIN.length());
        try (Socket s = new Socket("127.0.0.1", KeycloakServer.PORT)) {
            s.setSoTimeout(60_000);
            StringBuilder head = new StringBuilder(raw.method()).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: localhost:").append(KeycloakServer.PORT).append("\r\n")
                    .append("User-Agent: ").append(WebClient.CHROME).append("\r\n")
                    .append("Accept-Language: en\r\nConnection: close\r\n");
            raw.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (raw.body() != null) head.append("Content-Length: ").append(raw.body().length).append("\r\n");
            head.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (raw.body() != null) out.write(raw.body());
            out.flush();
            return parseResponse(raw.url(), s.getInputStream());
        } catch (IOException e) {
            return new WebClient.Page(0, raw.url(), "", Map.of());
        }
    }

    private static WebClient.Page parseResponse(String url, InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int split = text.indexOf("\r\n\r\n");
        if (split < 0) return new WebClient.Page(0, url, "", Map.of());
        String[] headLines = text.substring(0, split).split("\r\n");
        int status = Integer.parseInt(headLines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < headLines.length; i++) {
            int c = headLines[i].indexOf(':');
            if (c > 0) headers.computeIfAbsent(headLines[i].substring(0, c).trim().toLowerCase(), k -> new ArrayList<>())
                    .add(headLines[i].substring(c + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(all, split + 4, all.length);
        if (headers.getOrDefault("transfer-encoding", List.of()).contains("chunked")) body = dechunk(body);
        return new WebClient.Page(status, url, new String(body, StandardCharsets.UTF_8), headers);
    }

    private static byte[] dechunk(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < b.length) {
            int eol = i;
            while (eol + 1 < b.length && !(b[eol] == '\r' && b[eol + 1] == '\n')) eol++;
            String size = new String(b, i, eol - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int n = size.isEmpty() ? 0 : Integer.parseInt(size, 16);
            if (n == 0) break;
            out.write(b, eol + 2, Math.min(n, b.length - eol - 2));
            i = eol + 2 + n + 2;
        }
        return out.toByteArray();
    }

    // ------------------------------------------------------------------------------------------
    // Accounts and their state

    private int users;

    private String newUser(String prefix) {
        return realm.createUser(prefix + (++users) + "@example.org");
    }

    private String email(String userId) {
        return realm.resource.users().get(userId).toRepresentation().getEmail();
    }

    /** The account's credentials: type, id and name of each, sorted. */
    private String credentials(String userId) {
        return realm.resource.users().get(userId).credentials().stream()
                .map(c -> c.getType() + ":" + c.getId() + ":" + c.getUserLabel()).sorted().collect(Collectors.joining(","));
    }

    /** A user with one passkey; the authenticator knows its user handle. */
    private SoftAuthenticator withPasskey(String userId) {
        SoftAuthenticator key = new SoftAuthenticator();
        WebClient.Page done = HttpFlows.register(realm, mailbox, userId, email(userId), key);
        assertTrue(done.status() < 400, done.body());
        return key;
    }

    /** The current page of a login-actions step again (a browser's reload): its address without the used session code. */
    private static WebClient.Page reload(WebClient client, String action) {
        return client.get(action.replaceAll("([?&])session_code=[^&]*&?", "$1").replaceAll("[?&]$", ""));
    }

    /** A status a fresh browser gets for an emailed link: alive (200, or 403 for a sign-in link asked elsewhere) or used (410). */
    private static String linkStatus(String link) {
        return "link " + new WebClient().get(link).status();
    }

    // ------------------------------------------------------------------------------------------
    // Form targets

    private final Map<String, Supplier<Base>> formTargets = new HashMap<>();
    private final Map<String, Supplier<Base>> linkTargets = new HashMap<>();

    private Supplier<Base> formTarget(String name) {
        if (formTargets.isEmpty()) defineTargets();
        Supplier<Base> s = formTargets.get(name);
        if (s == null) throw new IllegalArgumentException(name);
        return s;
    }

    private Supplier<Base> linkTarget(String name) {
        if (linkTargets.isEmpty()) defineTargets();
        Supplier<Base> s = linkTargets.get(name);
        if (s == null) throw new IllegalArgumentException(name);
        return s;
    }

    // fixtures, made when a case first needs them and remade when a case used them up
    private String signUser;
    private SoftAuthenticator signKey;
    private String addUser;
    private SoftAuthenticator addKey;
    private String keysUser;
    private SoftAuthenticator keysFirst;
    private String recoveryUser;

    private void defineTargets() {
        // -- sign-in: the passkey button and the username step, a fresh browser each time
        formTargets.put("sign-in: passkey assertion", () -> {
            ensureSignUser();
            WebClient c = new WebClient();
            WebClient.Page login = c.get(realm.authUrl());
            assertEquals(Pages.id(Pages.LOGIN), login.pageId(), login.body());
            return new Base(c, login.formAction("pkf-assertion-form"), signKey.get(HttpFlows.rpId(login), login.origin(), HttpFlows.challenge(login)),
                    credentials(signUser), () -> credentials(signUser));
        });
        formTargets.put("sign-in: username step", () -> {
            ensureSignUser();
            WebClient c = new WebClient();
            WebClient.Page login = c.get(realm.authUrl());
            Map<String, String> form = new LinkedHashMap<>();
            form.put("username", email(signUser));
            form.put("pkf.usernameSubmit", "");
            return new Base(c, login.formAction("pkf-username-form"), form, credentials(signUser), () -> credentials(signUser));
        });

        // -- create a passkey: a user without one, on the page an admin's email opens
        formTargets.put("create passkey", new Supplier<>() {
            String user;
            WebClient client;
            String action;

            @Override
            public Base get() {
                WebClient.Page page = client == null ? null : reload(client, action);
                if (page == null || !Pages.id(Pages.CREATE_PASSKEY).equals(page.pageId()) || !credentials(user).isEmpty()) {
                    user = newUser("create");
                    client = new WebClient();
                    page = HttpFlows.createPage(client, realm, mailbox, user, email(user));
                }
                action = page.formAction("pkf-create-form");
                String u = user;
                return new Base(client, action, HttpFlows.attestation(page, new SoftAuthenticator(), "fuzz"), credentials(u), () -> credentials(u));
            }
        });

        // -- add a device, on A: the code B shows, then the approval (a fresh pairing each time: a wrong code ends one)
        formTargets.put("add device A: code", () -> {
            DeviceA a = deviceA();
            String code = a.joinB(new WebClient(), new SoftAuthenticator());
            WebClient.Page page = a.refresh();
            Map<String, String> form = new LinkedHashMap<>();
            form.put("pkf.code", code);
            return new Base(a.client, page.formAction("pkf-code-form"), form, credentials(addUser), () -> credentials(addUser));
        });
        formTargets.put("add device A: approval", () -> {
            DeviceA a = deviceA();
            String code = a.joinB(new WebClient(), new SoftAuthenticator());
            a.refresh();
            WebClient.Page approve = a.client.post(a.page.formAction("pkf-code-form"), Map.of("pkf.code", code));
            assertTrue(approve.doc().getElementById("pkf-approve") != null, approve.body());
            JsonNode data = approve.data("pkf-data");
            Map<String, String> form = addKey.get(data.get("rpId").asText(), HttpFlows.ORIGIN, data.get("challenge").asText());
            form.put("pkf.mode", "approve");
            return new Base(a.client, approve.formAction("pkf-assertion-form"), form, credentials(addUser), () -> credentials(addUser));
        });

        // -- the pairing link on B: confirm (takes the link), then B's passkey
        formTargets.put("pair confirm POST /pair/{id}", () -> {
            DeviceA a = deviceA();
            String link = a.link();
            WebClient b = new WebClient();
            WebClient.Page confirm = b.get(link);
            assertEquals(Pages.id(Pages.PAIR_CONFIRM), confirm.pageId(), confirm.body());
            Map<String, String> form = new LinkedHashMap<>();
            form.put("binding", confirm.doc().selectFirst("input[name=binding]").attr("value"));
            form.put("via", "qr");
            return new Base(b, confirm.formAction("pkf-pair-form"), form, linkStatus(link) + " " + credentials(addUser),
                    () -> linkStatus(link) + " " + credentials(addUser));
        });
        formTargets.put("POST /pair/{id}", formTargets.get("pair confirm POST /pair/{id}"));
        formTargets.put("device B: create passkey", new Supplier<>() {
            WebClient b;
            String action;

            @Override
            public Base get() {
                WebClient.Page page = b == null ? null : reload(b, action);
                if (page == null || !Pages.id(Pages.PAIR_DEVICE).equals(page.pageId()) || page.doc().getElementById("pkf-create-form") == null) {
                    DeviceA a = deviceA();
                    b = new WebClient();
                    WebClient.Page confirm = b.get(a.link());
                    page = b.post(confirm.formAction("pkf-pair-form"), Map.of(
                            "binding", confirm.doc().selectFirst("input[name=binding]").attr("value"), "via", "qr"));
                    assertEquals(Pages.id(Pages.PAIR_DEVICE), page.pageId(), page.body());
                }
                action = page.formAction("pkf-create-form");
                WebClient client = b;
                String a = action;
                return new Base(b, action, HttpFlows.attestation(page, new SoftAuthenticator(), "device B"),
                        deviceBState(page) + " " + credentials(addUser), () -> deviceBState(reload(client, a)) + " " + credentials(addUser));
            }
        });

        // -- "Lost your device?": the identifier, then a recovery code
        formTargets.put("recovery: identify", () -> {
            ensureRecoveryUser();
            WebClient c = new WebClient();
            WebClient.Page identify = lostDevicePage(c);
            Map<String, String> form = new LinkedHashMap<>();
            form.put("identifier", email(recoveryUser));
            return new Base(c, identify.formAction("pkf-identify-form"), form, credentials(recoveryUser), () -> credentials(recoveryUser));
        });
        formTargets.put("recovery: recovery code", () -> {
            ensureRecoveryUser();
            WebClient c = new WebClient();
            WebClient.Page identify = lostDevicePage(c);
            WebClient.Page sent = c.post(identify.formAction("pkf-identify-form"), Map.of("identifier", email(recoveryUser)));
            WebClient.Page code = c.post(sent.doc().selectFirst("form").absUrl("action"), Map.of("pkf.useCode", "1"));
            Map<String, String> form = new LinkedHashMap<>();
            form.put("pkf.code", "WRONG-CODE-0000");
            return new Base(c, code.formAction("pkf-code-form"), form, credentials(recoveryUser), () -> credentials(recoveryUser));
        });

        // -- the recovery after its emailed link (strict preset): proofs, SMS code, a waiting passkey, the review
        formTargets.put("recover: method", new RecoverStep("proofs", null) {
            @Override
            Map<String, String> form(WebClient.Page page) {
                return new LinkedHashMap<>(Map.of("pkf.method", "SMS"));
            }

            @Override
            String formId() {
                return "pkf-proofs-form";
            }
        });
        formTargets.put("recover: otp", new RecoverStep("otp-sms", "SMS") {
            @Override
            Map<String, String> form(WebClient.Page page) {
                return new LinkedHashMap<>(Map.of("pkf.otp", "000000"));
            }

            @Override
            String formId() {
                return "pkf-otp-form";
            }
        });
        formTargets.put("recover: create passkey", new RecoverStep("create-waiting", "wait") {
            @Override
            Map<String, String> form(WebClient.Page page) {
                return HttpFlows.attestation(page, new SoftAuthenticator(), "recovered");
            }

            @Override
            String formId() {
                return "pkf-create-form";
            }
        });
        formTargets.put("recover: review", new RecoverStep("review", "review") {
            @Override
            Map<String, String> form(WebClient.Page page) {
                Map<String, String> form = new LinkedHashMap<>();
                form.put("pkf.review", "1");
                // the lost passkey, offered for removal on the review page
                form.put("remove", page.doc().selectFirst("input[name=remove]").attr("value"));
                return form;
            }

            @Override
            String formId() {
                return "pkf-review-form";
            }
        });

        // -- the emailed links' confirmation pages (POST takes the link)
        Supplier<Base> recoverLink = new Supplier<>() {
            String user;
            String link;

            @Override
            public Base get() {
                if (link == null || !linkStatus(link).equals("link 200")) {
                    user = newUser("link");
                    withPasskey(user);
                    link = recoveryLink(new WebClient(), user);
                }
                WebClient c = new WebClient();
                WebClient.Page confirm = c.get(link);
                Map<String, String> form = new LinkedHashMap<>(Map.of("binding", confirm.doc().selectFirst("input[name=binding]").attr("value")));
                String l = link;
                String u = user;
                return new Base(c, confirm.formAction("pkf-link-form"), form, linkStatus(l) + " " + credentials(u),
                        () -> linkStatus(l) + " " + credentials(u));
            }
        };
        formTargets.put("POST /recover/{id}", recoverLink);

        Supplier<Base> signInLink = new Supplier<>() {
            String user;
            WebClient asker;
            String link;

            @Override
            public Base get() {
                if (link == null || !linkStatus(link).equals("link 403")) {
                    user = newUser("signin");
                    asker = new WebClient();
                    link = signInLink(asker, email(user));
                }
                WebClient.Page confirm = asker.get(link);
                assertEquals(200, confirm.status(), confirm.body());
                Map<String, String> form = new LinkedHashMap<>(Map.of("binding", confirm.doc().selectFirst("input[name=binding]").attr("value")));
                String l = link;
                String u = user;
                return new Base(asker, confirm.formAction("pkf-link-form"), form, linkStatus(l) + " " + credentials(u),
                        () -> linkStatus(l) + " " + credentials(u));
            }
        };
        formTargets.put("POST /sign-in/{id}", signInLink);

        Supplier<Base> notMe = new Supplier<>() {
            String user;
            String link;

            @Override
            public Base get() {
                if (link == null || !linkStatus(link).equals("link 200")) {
                    user = newUser("notme");
                    withPasskey(user);
                    link = notMeLink(user);
                }
                WebClient c = new WebClient();
                WebClient.Page confirm = c.get(link);
                Map<String, String> form = new LinkedHashMap<>(Map.of("binding", confirm.doc().selectFirst("input[name=binding]").attr("value")));
                String l = link;
                String u = user;
                return new Base(c, confirm.formAction("pkf-not-me-form"), form, linkStatus(l) + " " + credentials(u),
                        () -> linkStatus(l) + " " + credentials(u));
            }
        };
        formTargets.put("POST /not-me/{id}", notMe);

        // -- "this wasn't me" of a sign-in notice: a sign-in from a new browser, with notices on for it
        Supplier<Base> signInNotMe = new Supplier<>() {
            String user;
            String link;

            @Override
            public Base get() {
                if (link == null || !linkStatus(link).equals("link 200")) {
                    user = newUser("noticed");
                    SoftAuthenticator key = withPasskey(user);
                    realm.signInNotices(true);
                    try {
                        mailbox.purge();
                        assertTrue(HttpFlows.signedIn(HttpFlows.signIn(new WebClient(), realm, key)));
                        String to = email(user);
                        link = mailbox.await(m -> m.to().contains(to) && m.subject().contains("New sign-in"), Duration.ofSeconds(20))
                                .orElseThrow(() -> new AssertionError("no sign-in notice for " + to)).links().stream()
                                .filter(l -> l.contains("/passkey-first/sign-in-not-me/")).findFirst().orElseThrow();
                    } finally {
                        realm.signInNotices(false);
                    }
                }
                WebClient c = new WebClient();
                WebClient.Page confirm = c.get(link);
                Map<String, String> form = new LinkedHashMap<>(Map.of("binding", confirm.doc().selectFirst("input[name=binding]").attr("value")));
                String l = link;
                String u = user;
                return new Base(c, confirm.formAction("pkf-sign-in-not-me-form"), form, linkStatus(l) + " " + credentials(u),
                        () -> linkStatus(l) + " " + credentials(u));
            }
        };
        formTargets.put("POST /sign-in-not-me/{id}", signInNotMe);

        // -- the new-place page: a passkey sign-in from another network, asked for a second proof
        formTargets.put("sign-in: new place", () -> {
            ensureSignUser();
            WebClient c = new WebClient().withHeader("X-Forwarded-For", "10.44.0." + (1 + (int) (Math.random() * 200)));
            WebClient.Page login = c.get(realm.authUrl());
            WebClient.Page asked = c.post(login.formAction("pkf-assertion-form"),
                    signKey.get(HttpFlows.rpId(login), login.origin(), HttpFlows.challenge(login)));
            assertEquals(Pages.id(Pages.LOGIN_PLACE_PROOF), asked.pageId(), asked.body());
            Map<String, String> form = new LinkedHashMap<>();
            form.put("pkf.place", "code");
            form.put("pkf.placeCode", "123456");
            return new Base(c, asked.doc().selectFirst("form[action]").absUrl("action"), form, credentials(signUser), () -> credentials(signUser));
        });

        // -- "Your passkeys" (kc_action=pkf-passkeys): a fresh passkey sign-in each time (changes need one)
        formTargets.put("passkeys: rename", () -> passkeysBase(second -> ordered("pkf.rename", second, "pkf.label", "renamed")));
        formTargets.put("passkeys: remove", () -> passkeysBase(second -> ordered("pkf.remove", second)));
        formTargets.put("passkeys: remove confirmed", () -> passkeysBase(second -> ordered("pkf.removeConfirmed", second)));
        formTargets.put("passkeys: sign out", () -> passkeysBase(second -> ordered("pkf.signOut", second)));

        // -- GETs of the realm resource: the same fixtures, their addresses spoiled
        linkTargets.put("GET /pair/{id}", () -> {
            DeviceA a = deviceA();
            String link = a.link();
            return new Base(new WebClient(), link, Map.of(), linkStatus(link) + " " + credentials(addUser),
                    () -> linkStatus(link) + " " + credentials(addUser));
        });
        linkTargets.put("GET /recover/{id}", () -> asGet(recoverLink.get()));
        linkTargets.put("GET /sign-in/{id}", () -> asGet(signInLink.get()));
        linkTargets.put("GET /not-me/{id}", () -> asGet(notMe.get()));
        linkTargets.put("GET /sign-in-not-me/{id}", () -> asGet(signInNotMe.get()));
        linkTargets.put("GET /pairing-status", () -> {
            DeviceA a = deviceA();
            String tab = a.page.formAction("pkf-refresh-form").replaceAll(".*tab_id=([^&]+).*", "$1");
            String url = HttpFlows.ORIGIN + "/realms/" + realm.name + "/passkey-first/pairing-status?tab_id=" + tab;
            return new Base(a.client, url, Map.of(), credentials(addUser), () -> credentials(addUser));
        });
        linkTargets.put("GET /recovered", () -> new Base(new WebClient(), HttpFlows.ORIGIN + "/realms/" + realm.name + "/passkey-first/recovered",
                Map.of(), "", () -> ""));
        linkTargets.put("GET /device-added", () -> new Base(new WebClient(), HttpFlows.ORIGIN + "/realms/" + realm.name + "/passkey-first/device-added",
                Map.of(), "", () -> ""));
    }

    /** A confirmation page's target as its GET: the link itself (the form's action is the link). */
    private static Base asGet(Base post) {
        return new Base(post.client(), post.url(), post.form(), post.stateBefore(), post.stateAfter());
    }

    private void ensureSignUser() {
        if (signUser == null) {
            signUser = newUser("sign");
            signKey = withPasskey(signUser);
        }
    }

    private void ensureRecoveryUser() {
        if (recoveryUser == null) {
            recoveryUser = newUser("lost");
            withPasskey(recoveryUser);
        }
    }

    private static String deviceBState(WebClient.Page page) {
        if (page.doc().getElementById("pkf-code") != null) return "B shows a code";
        if (page.doc().getElementById("pkf-create-form") != null) return "B may create";
        return "B on " + page.pageId() + " " + page.status();
    }

    // -- device A of "add another device"

    private final class DeviceA {
        final WebClient client = new WebClient();
        WebClient.Page page;

        DeviceA() {
            if (addUser == null) {
                addUser = newUser("pair");
                addKey = withPasskey(addUser);
            }
            WebClient.Page login = client.get(realm.authUrl("&kc_action=" + ProviderIds.ADD_DEVICE));
            page = client.post(login.formAction("pkf-assertion-form"), addKey.get(HttpFlows.rpId(login), HttpFlows.ORIGIN, HttpFlows.challenge(login)));
            assertEquals(Pages.id(Pages.ADD_DEVICE), page.pageId(), page.body());
        }

        String link() {
            return page.doc().getElementById("pkf-link").attr("value");
        }

        WebClient.Page refresh() {
            page = client.post(page.formAction("pkf-refresh-form"), Map.of("pkf.refresh", "1"));
            return page;
        }

        /** B takes the link and creates its passkey; returns the code B shows. */
        String joinB(WebClient b, SoftAuthenticator key) {
            WebClient.Page confirm = b.get(link());
            WebClient.Page created = b.post(confirm.formAction("pkf-pair-form"), Map.of(
                    "binding", confirm.doc().selectFirst("input[name=binding]").attr("value"), "via", "qr"));
            WebClient.Page shown = b.post(created.formAction("pkf-create-form"), HttpFlows.attestation(created, key, "device B"));
            assertTrue(shown.doc().getElementById("pkf-code") != null, shown.body());
            return shown.doc().getElementById("pkf-code").text().replace(" ", "");
        }
    }

    private DeviceA deviceA() {
        return new DeviceA();
    }

    // -- recovery

    private WebClient.Page lostDevicePage(WebClient c) {
        WebClient.Page login = c.get(realm.authUrl());
        WebClient.Page identify = c.get(login.doc().getElementById("pkf-lost-device").absUrl("href"));
        assertEquals(Pages.id(Pages.RECOVERY), identify.pageId(), identify.body());
        return identify;
    }

    /** "Lost your device?" for the user in {@code c}; returns the emailed link. */
    private String recoveryLink(WebClient c, String userId) {
        String email = email(userId);
        mailbox.purge();
        WebClient.Page identify = lostDevicePage(c);
        c.post(identify.formAction("pkf-identify-form"), Map.of("identifier", email));
        Mailbox.Mail mail = mailbox.await(m -> m.to().contains(email) && m.subject().contains("Recover your"), Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no recovery email for " + email));
        return mail.links().stream().filter(l -> l.contains("/passkey-first/recover/")).findFirst().orElseThrow();
    }

    private String signInLink(WebClient c, String email) {
        mailbox.purge();
        WebClient.Page login = c.get(realm.authUrl());
        WebClient.Page identify = c.get(login.doc().getElementById("pkf-sign-in-link").absUrl("href"));
        c.post(identify.formAction("pkf-identify-form"), Map.of("identifier", email));
        return mailbox.await(m -> m.to().contains(email) && m.subject().contains("Your sign-in link"), Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no sign-in link for " + email)).links().stream()
                .filter(l -> l.contains("/passkey-first/sign-in/")).findFirst().orElseThrow();
    }

    /** A recovery of {@code userId} left waiting (strict: one proof), whose notice carries "this wasn't me". */
    private String notMeLink(String userId) {
        WebClient c = new WebClient();
        WebClient.Page create = openRecovery(c, userId);
        // an account with nothing but its passkey and email: one proof, so the new passkey waits
        if ("proofs".equals(view(create))) create = c.post(create.formAction("pkf-proofs-form"), Map.of("pkf.wait", "1"));
        assertEquals("create-waiting", view(create), create.body());
        mailbox.purge();
        WebClient.Page waiting = c.post(create.formAction("pkf-create-form"), HttpFlows.attestation(create, new SoftAuthenticator(), "recovered"));
        assertEquals("waiting", view(waiting), waiting.body());
        String email = email(userId);
        return mailbox.await(m -> m.to().contains(email) && m.subject().contains("was recovered"), Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no recovery notice for " + email)).links().stream()
                .filter(l -> l.contains("/passkey-first/not-me/")).findFirst().orElseThrow();
    }

    /** The emailed link opened and taken in {@code c}: the recovery's first page (strict: the proofs). */
    private WebClient.Page openRecovery(WebClient c, String userId) {
        String link = recoveryLink(new WebClient(), userId);
        WebClient.Page confirm = c.get(link);
        WebClient.Page page = c.post(confirm.formAction("pkf-link-form"), Map.of("binding", confirm.doc().selectFirst("input[name=binding]").attr("value")));
        assertEquals(Pages.id(Pages.RECOVER), page.pageId(), page.body());
        return page;
    }

    private static String view(WebClient.Page page) {
        var e = page.doc().getElementById("pkf-recover");
        return e == null ? page.pageId() + " " + page.status() : e.attr("data-pkf-view");
    }

    private static final Pattern SMS = Pattern.compile("DEMO SMS .* to (\\+\\d+): .*?(\\d{6})\\s*$");

    /**
     * One recovery (a user with a passkey and a verified phone), brought to {@code view} and kept
     * there while cases leave it there; remade when a case moved it on. Its state: the credentials,
     * and for the passkey creation the view a reload shows (a waiting passkey is no credential yet).
     */
    private abstract class RecoverStep implements Supplier<Base> {
        final String view;
        final String via;
        String user;
        WebClient client;
        String action;

        RecoverStep(String view, String via) {
            this.view = view;
            this.via = via;
        }

        abstract Map<String, String> form(WebClient.Page page);

        abstract String formId();

        @Override
        public Base get() {
            WebClient.Page page = client == null ? null : reload(client, action);
            if (page == null || !view.equals(view(page))) page = start();
            action = page.formAction(formId());
            String u = user;
            WebClient c = client;
            String a = action;
            // a passkey left waiting is not a credential yet: the page a reload shows is what tells
            boolean storing = "create-waiting".equals(view);
            return new Base(client, action, form(page), credentials(u) + (storing ? " " + view : ""),
                    () -> credentials(u) + (storing ? " " + view(reload(c, a)) : ""));
        }

        private WebClient.Page start() {
            user = newUser("recover");
            withPasskey(user);
            realm.setPhone(user, "+1555" + (1000000 + users));
            client = new WebClient();
            WebClient.Page page = openRecovery(client, user);
            assertEquals("proofs", view(page), page.body());
            if ("SMS".equals(via) || "review".equals(via)) {
                int mark = server.logLineCount();
                page = client.post(page.formAction("pkf-proofs-form"), Map.of("pkf.method", "SMS"));
                assertEquals("otp-sms", view(page), page.body());
                if ("review".equals(via)) {
                    String code = smsCode(mark);
                    page = client.post(page.formAction("pkf-otp-form"), Map.of("pkf.otp", code));
                    assertEquals("create", view(page), "email and SMS: active at once\n" + page.body());
                    page = client.post(page.formAction("pkf-create-form"), HttpFlows.attestation(page, new SoftAuthenticator(), "recovered"));
                }
            } else if ("wait".equals(via)) {
                page = client.post(page.formAction("pkf-proofs-form"), Map.of("pkf.wait", "1"));
            }
            assertEquals(view, view(page), page.body());
            return page;
        }

        /** The code the demo's log sender wrote to the server log. */
        private String smsCode(int mark) {
            for (int i = 0; i < 50; i++) {
                for (String l : server.logLinesSince(mark)) {
                    Matcher m = SMS.matcher(l);
                    if (m.find()) return m.group(2);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            throw new AssertionError("no SMS in the server log");
        }
    }

    // -- "Your passkeys"

    private Base passkeysBase(Function<String, Map<String, String>> formFor) {
        // remade when a case changed the account (which that case reports)
        if (keysUser == null || realm.resource.users().get(keysUser).credentials().stream().map(CredentialRepresentation::getUserLabel)
                .filter(l -> l != null && !l.equals("second")).count() != 1
                || realm.resource.users().get(keysUser).credentials().stream().noneMatch(c -> "second".equals(c.getUserLabel()))) {
            keysUser = newUser("keys");
            keysFirst = withPasskey(keysUser);
            assertTrue(HttpFlows.addPasskey(realm, keysFirst, new SoftAuthenticator(), "second").status() < 400);
        }
        String second = realm.resource.users().get(keysUser).credentials().stream()
                .filter(c -> "second".equals(c.getUserLabel())).map(CredentialRepresentation::getId).findFirst().orElseThrow();
        WebClient c = new WebClient();
        WebClient.Page login = c.get(realm.authUrl("&kc_action=" + ProviderIds.PASSKEYS));
        WebClient.Page page = c.post(login.formAction("pkf-assertion-form"),
                keysFirst.get(HttpFlows.rpId(login), HttpFlows.ORIGIN, HttpFlows.challenge(login)));
        assertEquals(Pages.id(Pages.PASSKEYS), page.pageId(), page.body());
        String user = keysUser;
        return new Base(c, page.doc().selectFirst("form[action*=login-actions]").absUrl("action"), new LinkedHashMap<>(formFor.apply(second)),
                credentials(user), () -> credentials(user));
    }
}
