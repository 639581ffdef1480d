package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.passkeyfirst.it.harness.Callback;
import dev.passkeyfirst.it.harness.KeycloakServer;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.it.http.BadInputFuzzTest.Base;
import dev.passkeyfirst.it.http.BadInputFuzzTest.Mutation;
import dev.passkeyfirst.it.http.BadInputFuzzTest.Raw;
import dev.passkeyfirst.mailbox.Mailbox;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The explicit allow-list of issue 16's "bad input, everywhere": form posts that Keycloak 26.7.3
 * answers with a 500 before any resource method runs ({@link BadInputFuzzTest#KEYCLOAK_PARSER_5XX}:
 * a bad percent-escape, a trailing '%', a multipart type over a plain body, more than 1,000
 * parameters, a gzip body). RESTEasy Reactive's {@code FormBodyHandler} parses every form body
 * before dispatch, for Keycloak's login-actions endpoints and for our realm resource alike, and
 * Keycloak's error handler logs the failure as an ERROR with a stack trace.
 *
 * <p>Each of those spoilings is sent to a few of our forms. A 5xx passes only if the log shows exactly
 * that parsing failure, through {@code FormBodyHandler}, with no frame of ours; anything below 500 is
 * judged like every other bad input (a 4xx or a translated page, no sign-in). Nothing may change.
 *
 * <p>Not a {@code ServerTest}: its log check would report Keycloak's own traces. This class's check is
 * as strict about everything else: every stack trace in the log while it ran must be one of these
 * parsing failures and contain no frame of ours.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeycloakFormParsingTest {

    private KeycloakServer server;
    private Mailbox mailbox;
    private TestRealm realm;
    private int logMark;
    private final List<String> seen = new ArrayList<>();

    @BeforeAll
    void startServerAndRealm() throws IOException {
        server = KeycloakServer.shared();
        logMark = server.logLineCount();
        Callback.ensureStarted();
        mailbox = Mailbox.start(0, 0);
        realm = TestRealm.create(server, mailbox.smtpPort());
    }

    @AfterAll
    void dropRealmAndCheckLog() {
        if (realm != null) realm.close();
        if (mailbox != null) mailbox.close();
        System.out.println("Answered 500 by Keycloak's form parsing, before any code of ours:\n  " + String.join("\n  ", seen));
        // the log as records: a record starts with a timestamp; its message (a binary body Keycloak
        // quotes may hold line breaks) and its stack trace follow on lines of their own
        List<List<String>> records = new ArrayList<>();
        for (String l : server.logLinesSince(logMark)) {
            if (records.isEmpty() || l.matches("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d.*")) records.add(new ArrayList<>());
            records.get(records.size() - 1).add(l);
        }
        List<String> bad = new ArrayList<>();
        for (List<String> r : records) {
            boolean trace = r.stream().anyMatch(l -> l.startsWith("\tat "));
            if ((trace || r.get(0).contains(" ERROR [")) && !parsingFailure(r)) r.stream().limit(14).forEach(bad::add);
        }
        assertTrue(bad.isEmpty(), "server log while KeycloakFormParsingTest ran:\n" + String.join("\n", bad));
    }

    /** Keycloak's error handler reporting a form body that RESTEasy could not parse; no code of ours on the stack. */
    private static boolean parsingFailure(List<String> record) {
        String header = record.get(0);
        return header.contains("Uncaught server error")
                && BadInputFuzzTest.KEYCLOAK_PARSER_5XX.values().stream().anyMatch(header::contains)
                && record.stream().anyMatch(f -> f.contains("org.jboss.resteasy.reactive.server.handlers.FormBodyHandler"))
                && record.stream().noneMatch(f -> f.contains("dev.passkeyfirst"));
    }

    static final List<String> TARGETS = List.of("sign-in: passkey assertion", "sign-in: username step", "create passkey",
            "recovery: identify", "POST /recover/{id}");

    static Stream<Arguments> cases() {
        return TARGETS.stream().flatMap(t -> BadInputFuzzTest.PARSER_MUTATIONS.stream().map(m -> Arguments.of(t, m)));
    }

    @ParameterizedTest(name = "{0} | {1}")
    @MethodSource("cases")
    void keycloakParsesTheFormBeforeAnyCodeOfOurs(String target, Mutation mutation) {
        String label = target + " | " + mutation.name();
        Base b = target(target).get();
        Raw raw = mutation.apply().apply(b);
        int mark = server.logLineCount();
        WebClient.Page first = BadInputFuzzTest.send(b.client(), raw);
        WebClient.Page end = (first.status() == 302 || first.status() == 303) && first.location().startsWith(HttpFlows.ORIGIN)
                ? b.client().followWithinOrigin(first) : first;
        List<String> lines = server.logLinesSince(mark);
        if (first.status() >= 500) {
            // allowed only as Keycloak's parsing failure named in the allow-list, with no frame of ours
            String expected = BadInputFuzzTest.KEYCLOAK_PARSER_5XX.get(mutation.name());
            assertEquals(500, first.status(), label);
            assertTrue(lines.stream().anyMatch(l -> l.contains("Uncaught server error") && l.contains(expected)),
                    label + ": a 500 without Keycloak's parsing failure \"" + expected + "\" in the log:\n" + String.join("\n", lines));
            assertTrue(lines.stream().anyMatch(l -> l.contains("org.jboss.resteasy.reactive.server.handlers.FormBodyHandler")),
                    label + ": the failure is not in the form parsing:\n" + String.join("\n", lines));
            assertTrue(lines.stream().noneMatch(l -> l.contains("dev.passkeyfirst") && l.startsWith("\tat ")),
                    label + ": code of ours on the stack:\n" + String.join("\n", lines));
            seen.add(raw.method() + " " + URI.create(raw.url()).getPath().replace("/realms/" + realm.name, "/realms/{realm}")
                    + " " + raw.headers() + " [" + label + "]");
        } else {
            assertTrue(end.status() < 500, label + ": " + end.status() + "\n" + BadInputFuzzTest.abbreviate(end.body()));
            BadInputFuzzTest.assertAnswer(label, end);
            assertTrue(BadInputFuzzTest.errorsLoggedSince(server, mark).isEmpty(), label + ": the server logged\n"
                    + String.join("\n", BadInputFuzzTest.errorsLoggedSince(server, mark)));
        }
        assertEquals(b.stateBefore(), b.stateAfter().get(), label + ": the state changed");
    }

    // ---- the forms, each prepared as BadInputFuzzTest prepares it

    private int users;
    private String signUser;
    private SoftAuthenticator signKey;
    private String createUser;
    private WebClient createClient;
    private String createAction;
    private String linkUser;
    private String link;

    private String credentials(String userId) {
        return realm.resource.users().get(userId).credentials().stream()
                .map(c -> c.getType() + ":" + c.getId() + ":" + c.getUserLabel()).sorted().collect(Collectors.joining(","));
    }

    private String email(String userId) {
        return realm.resource.users().get(userId).toRepresentation().getEmail();
    }

    private String newUser(String prefix) {
        return realm.createUser(prefix + (++users) + "@example.org");
    }

    private Supplier<Base> target(String name) {
        return switch (name) {
            case "sign-in: passkey assertion" -> () -> {
                ensureSignUser();
                WebClient c = new WebClient();
                WebClient.Page login = c.get(realm.authUrl());
                return new Base(c, login.formAction("pkf-assertion-form"), signKey.get(HttpFlows.rpId(login), login.origin(), HttpFlows.challenge(login)),
                        credentials(signUser), () -> credentials(signUser));
            };
            case "sign-in: username step" -> () -> {
                ensureSignUser();
                WebClient c = new WebClient();
                WebClient.Page login = c.get(realm.authUrl());
                Map<String, String> form = new LinkedHashMap<>();
                form.put("username", email(signUser));
                return new Base(c, login.formAction("pkf-username-form"), form, credentials(signUser), () -> credentials(signUser));
            };
            case "create passkey" -> () -> {
                WebClient.Page page = createClient == null ? null : createClient.get(
                        createAction.replaceAll("([?&])session_code=[^&]*&?", "$1").replaceAll("[?&]$", ""));
                if (page == null || !Pages.id(Pages.CREATE_PASSKEY).equals(page.pageId()) || !credentials(createUser).isEmpty()) {
                    createUser = newUser("create");
                    createClient = new WebClient();
                    page = HttpFlows.createPage(createClient, realm, mailbox, createUser, email(createUser));
                }
                createAction = page.formAction("pkf-create-form");
                String u = createUser;
                return new Base(createClient, createAction, HttpFlows.attestation(page, new SoftAuthenticator(), "fuzz"),
                        credentials(u), () -> credentials(u));
            };
            case "recovery: identify" -> () -> {
                ensureSignUser();
                WebClient c = new WebClient();
                WebClient.Page login = c.get(realm.authUrl());
                WebClient.Page identify = c.get(login.doc().getElementById("pkf-lost-device").absUrl("href"));
                Map<String, String> form = new LinkedHashMap<>();
                form.put("identifier", email(signUser));
                return new Base(c, identify.formAction("pkf-identify-form"), form, credentials(signUser), () -> credentials(signUser));
            };
            case "POST /recover/{id}" -> () -> {
                if (link == null || new WebClient().get(link).status() != 200) {
                    linkUser = newUser("link");
                    assertTrue(HttpFlows.register(realm, mailbox, linkUser, email(linkUser), new SoftAuthenticator()).status() < 400);
                    link = recoveryLink(email(linkUser));
                }
                WebClient c = new WebClient();
                WebClient.Page confirm = c.get(link);
                Map<String, String> form = new LinkedHashMap<>(Map.of("binding", confirm.doc().selectFirst("input[name=binding]").attr("value")));
                String l = link;
                String u = linkUser;
                return new Base(c, confirm.formAction("pkf-link-form"), form,
                        "link " + new WebClient().get(l).status() + " " + credentials(u),
                        () -> "link " + new WebClient().get(l).status() + " " + credentials(u));
            };
            default -> throw new IllegalArgumentException(name);
        };
    }

    private void ensureSignUser() {
        if (signUser == null) {
            signUser = newUser("sign");
            signKey = new SoftAuthenticator();
            assertTrue(HttpFlows.register(realm, mailbox, signUser, email(signUser), signKey).status() < 400);
        }
    }

    private String recoveryLink(String email) {
        mailbox.purge();
        WebClient c = new WebClient();
        WebClient.Page login = c.get(realm.authUrl());
        WebClient.Page identify = c.get(login.doc().getElementById("pkf-lost-device").absUrl("href"));
        c.post(identify.formAction("pkf-identify-form"), Map.of("identifier", email));
        return mailbox.await(m -> m.to().contains(email) && m.subject().contains("Recover your"), Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no recovery email for " + email)).links().stream()
                .filter(l -> l.contains("/passkey-first/recover/")).findFirst().orElseThrow();
    }

    static {
        // the allow-list and the mutations are BadInputFuzzTest's; fail early if they ever drift apart
        if (!BadInputFuzzTest.PARSER_MUTATIONS.stream().map(Mutation::name).toList()
                .equals(new ArrayList<>(BadInputFuzzTest.KEYCLOAK_PARSER_5XX.keySet()))) {
            throw new IllegalStateException("KEYCLOAK_PARSER_5XX and PARSER_MUTATIONS name different requests");
        }
    }
}
