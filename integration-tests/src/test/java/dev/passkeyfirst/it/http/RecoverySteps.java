package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.passkeyfirst.it.harness.KeycloakServer;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.it.harness.Tokens;
import dev.passkeyfirst.keycloak.account.Recoveries;
import dev.passkeyfirst.keycloak.recovery.RecoveryAuthenticatorFactory;
import dev.passkeyfirst.mailbox.Mailbox;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * A recovery over HTTP, one step at a time, as its owner or an attacker holding the owner's mailbox
 * would perform it: the attack tests ({@code RecoveryAttack*Test}) interleave these steps across
 * several browsers (each a {@link WebClient} with its own cookies).
 */
final class RecoverySteps {

    static final String RECOVER_PAGE = Pages.id(Pages.RECOVER);
    static final String PENDING_PAGE = Pages.id(Pages.LOGIN_RECOVERY_PENDING);
    static final String SIGNAL_PAGE = Pages.id(Pages.LOGIN_SIGNAL);
    static final String PASSKEY = "webauthn-passwordless";
    static final String CODES = "recovery-authn-codes";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SIX_DIGITS = Pattern.compile("(?m)^\\s*(\\d{6})\\s*$");

    private final TestRealm realm;
    private final Mailbox mailbox;
    private final KeycloakServer server;
    private int users;

    RecoverySteps(TestRealm realm, Mailbox mailbox, KeycloakServer server) {
        this.realm = realm;
        this.mailbox = mailbox;
        this.server = server;
    }

    record Account(String email, String userId, SoftAuthenticator passkey) {
    }

    /** A user with a verified email and one passkey (the owner's device), nothing else. */
    Account account(String prefix) {
        String email = prefix + (++users) + "-" + Long.toString(System.nanoTime() % 100_000, 36) + "@example.org";
        String id = realm.createUser(email);
        SoftAuthenticator key = new SoftAuthenticator();
        assertTrue(HttpFlows.register(realm, mailbox, id, email, key).status() < 400);
        key.userHandle = HttpFlows.utf8(id);
        return new Account(email, id, key);
    }

    /**
     * A user with a verified email, the given recovery codes (Keycloak's recovery-codes credential,
     * stored as Keycloak stores it: SHA-512 of each code, base64) and one passkey.
     */
    Account accountWithCodes(String prefix, List<String> codes) {
        String email = prefix + (++users) + "-" + Long.toString(System.nanoTime() % 100_000, 36) + "@example.org";
        UserRepresentation u = new UserRepresentation();
        u.setUsername(email);
        u.setEmail(email);
        u.setEmailVerified(true);
        u.setFirstName("Test");
        u.setLastName("User");
        u.setEnabled(true);
        CredentialRepresentation c = new CredentialRepresentation();
        c.setType(CODES);
        c.setCreatedDate(System.currentTimeMillis());
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            entries.add("{\"number\":" + (i + 1) + ",\"encodedHashedValue\":\"" + sha512Base64(codes.get(i)) + "\"}");
        }
        c.setSecretData("{\"codes\":[" + String.join(",", entries) + "]}");
        c.setCredentialData("{\"algorithm\":\"SHA-512\",\"remaining\":" + codes.size() + ",\"total\":" + codes.size() + "}");
        u.setCredentials(List.of(c));
        PartialImportRepresentation p = new PartialImportRepresentation();
        p.setIfResourceExists(PartialImportRepresentation.Policy.FAIL.name());
        p.setUsers(List.of(u));
        try (var r = realm.resource.partialImport(p)) {
            assertEquals(200, r.getStatus(), "user import: " + r.readEntity(String.class));
        }
        String id = realm.user(email).getId();
        assertEquals(1, credentials(id, CODES).size(), "the imported recovery codes are stored");
        SoftAuthenticator key = new SoftAuthenticator();
        assertTrue(HttpFlows.register(realm, mailbox, id, email, key).status() < 400);
        key.userHandle = HttpFlows.utf8(id);
        return new Account(email, id, key);
    }

    /** Twelve codes in Keycloak's alphabet and length. */
    static List<String> newCodes() {
        char[] alphabet = "ABCDEFGHIJKLMNPQRSTUVWXYZ123456789".toCharArray();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            StringBuilder b = new StringBuilder();
            for (int j = 0; j < 12; j++) b.append(alphabet[RANDOM.nextInt(alphabet.length)]);
            out.add(b.toString());
        }
        return out;
    }

    private static String sha512Base64(String code) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- asking for a recovery

    /** "Lost your device?" in {@code browser} for {@code identifier}; returns the "we sent a link" page. */
    WebClient.Page ask(WebClient browser, String identifier) {
        WebClient.Page login = browser.get(realm.authUrl());
        WebClient.Page identify = browser.get(login.doc().getElementById("pkf-lost-device").absUrl("href"));
        assertEquals(Pages.id(Pages.RECOVERY), identify.pageId(), identify.body());
        return browser.post(identify.formAction("pkf-identify-form"), Map.of("identifier", identifier));
    }

    /** Asks in a fresh browser and returns the link the email brought (the mailbox is emptied first). */
    String askForLink(String email) {
        mailbox.purge();
        ask(new WebClient(), email);
        return mailbox.await(m -> m.to().contains(email) && m.subject().contains("Recover your"), Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no recovery email for " + email)).links().stream()
                .filter(l -> l.contains("/passkey-first/recover/")).findFirst().orElseThrow();
    }

    /**
     * Opens the emailed link in {@code browser} and confirms it there: the POST answers 303 to
     * Keycloak's action-token URL, which is returned without following it.
     */
    String redeem(WebClient browser, String link) {
        WebClient.Page confirm = browser.get(link);
        assertEquals(200, confirm.status(), confirm.body());
        WebClient.Page taken = browser.postNoFollow(confirm.formAction("pkf-link-form"), binding(confirm));
        assertEquals(303, taken.status(), taken.body());
        assertTrue(taken.location().contains("/login-actions/action-token?"), taken.location());
        return taken.location();
    }

    /** A whole email-link proof in {@code browser}: returns the recovery page it leads to. */
    WebClient.Page openRecovery(WebClient browser, String email) {
        WebClient.Page page = browser.get(redeem(browser, askForLink(email)));
        assertEquals(RECOVER_PAGE, page.pageId(), page.body());
        return page;
    }

    static String view(WebClient.Page recoverPage) {
        var e = recoverPage.doc().getElementById("pkf-recover");
        return e == null ? "" : e.attr("data-pkf-view");
    }

    static Map<String, String> binding(WebClient.Page page) {
        return Map.of("binding", page.doc().selectFirst("input[name=binding]").attr("value"));
    }

    /** Creates the recovery's new passkey on its create page. */
    static WebClient.Page create(WebClient browser, WebClient.Page createPage, SoftAuthenticator key) {
        return browser.post(createPage.formAction("pkf-create-form"), HttpFlows.attestation(createPage, key, "recovered"));
    }

    /** Posts one of the recovery page's own forms (review, waiting, codes). */
    static WebClient.Page postRecoverForm(WebClient browser, WebClient.Page page, Map<String, String> form) {
        return browser.post(page.doc().selectFirst("form[action*=login-actions]").absUrl("action"), form);
    }

    /** A recovery under 'strict' with the email link as its only proof, taken to its waiting period. */
    record Waiting(WebClient browser, SoftAuthenticator key, WebClient.Page page, long activeFrom, String notMe) {
    }

    Waiting recoverToWaiting(Account a) {
        WebClient browser = new WebClient();
        WebClient.Page create = openRecovery(browser, a.email());
        assertEquals("create-waiting", view(create), create.body());
        Set<String> before = Set.copyOf(notMeLinks(a.email()));
        SoftAuthenticator key = new SoftAuthenticator();
        WebClient.Page waiting = create(browser, create, key);
        assertTrue(waiting.body().contains("Your new passkey will work from"), waiting.body());
        key.userHandle = HttpFlows.utf8(a.userId());
        long activeFrom = Long.parseLong(waiting.doc().selectFirst("#pkf-waiting time").attr("data-pkf-datetime"));
        return new Waiting(browser, key, waiting, activeFrom, awaitNotMe(a.email(), before));
    }

    /** "Continue" on the waiting page: the browser is signed in as a fallback session. */
    static void done(Waiting w) {
        WebClient.Page done = postRecoverForm(w.browser(), w.page(), Map.of("pkf.done", "1"));
        assertTrue(done.status() < 400, done.status() + " " + done.body());
    }

    // ---- the owner's notices

    List<String> notMeLinks(String email) {
        List<String> out = new ArrayList<>();
        for (Mailbox.Mail m : mailbox.messages()) {
            if (!m.to().contains(email)) continue;
            m.links().stream().filter(l -> l.contains("/not-me/")).forEach(out::add);
        }
        return out;
    }

    /** The "this wasn't me" link of a notice that arrives now, not one of {@code seen}. */
    String awaitNotMe(String email, Set<String> seen) {
        return mailbox.await(m -> m.to().contains(email) && m.links().stream().anyMatch(l -> l.contains("/not-me/") && !seen.contains(l)),
                        Duration.ofSeconds(20)).orElseThrow(() -> new AssertionError("no recovery notice for " + email))
                .links().stream().filter(l -> l.contains("/not-me/") && !seen.contains(l)).findFirst().orElseThrow();
    }

    /** The owner uses "this wasn't me" in a browser of their own: GET shows, POST acts. */
    static WebClient.Page notMe(String link) {
        WebClient owner = new WebClient();
        WebClient.Page page = owner.get(link);
        assertEquals(200, page.status(), page.body());
        WebClient.Page done = owner.post(page.formAction("pkf-not-me-form"), binding(page));
        assertEquals(200, done.status(), done.body());
        return done;
    }

    // ---- sessions and tokens

    /** Whether the browser's cookies still sign in to the test app without a prompt. */
    boolean signedInByCookie(WebClient browser) {
        return HttpFlows.signedIn(browser.get(realm.authUrl()));
    }

    /** The test app's refresh token for the session the browser's cookies hold. */
    String refreshToken(WebClient browser) {
        WebClient.Page code = browser.get(realm.authUrl());
        assertTrue(HttpFlows.signedIn(code), "signed in by cookie: " + code.status() + " " + code.location() + " " + code.pageId());
        return Tokens.response(realm, code.location(), realm.baseUrl).get("refresh_token").asText();
    }

    /** The token endpoint's status for a refresh with this token (200: it still works). */
    int refresh(String refreshToken) {
        try {
            String body = WebClient.encode(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", TestRealm.CLIENT_ID));
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(realm.baseUrl + "/realms/" + realm.name + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- what the account holds

    List<CredentialRepresentation> credentials(String userId, String type) {
        return realm.resource.users().get(userId).credentials().stream().filter(c -> type.equals(c.getType())).toList();
    }

    List<CredentialRepresentation> passkeys(String userId) {
        return credentials(userId, PASSKEY);
    }

    boolean frozen(String userId) {
        Map<String, List<String>> attributes = realm.resource.users().get(userId).toRepresentation().getAttributes();
        // the attribute holds when the account was frozen
        return attributes != null && attributes.getOrDefault(Recoveries.FROZEN, List.of()).stream().anyMatch(v -> !v.isBlank());
    }

    /** Changes settings of the realm's recovery step ("Passkey First: recover the account"). */
    void recoveryConfig(Map<String, String> changes) {
        var flows = realm.resource.flows();
        String configId = null;
        for (AuthenticationExecutionInfoRepresentation e : flows.getExecutions(realm.resource.toRepresentation().getResetCredentialsFlow())) {
            if (RecoveryAuthenticatorFactory.PROVIDER_ID.equals(e.getProviderId()) && e.getAuthenticationConfig() != null) configId = e.getAuthenticationConfig();
        }
        if (configId == null) throw new AssertionError("no config on the recovery step");
        AuthenticatorConfigRepresentation config = flows.getAuthenticatorConfig(configId);
        Map<String, String> values = new HashMap<>(config.getConfig());
        values.putAll(changes);
        config.setConfig(values);
        flows.updateAuthenticatorConfig(configId, config);
    }

    /** The six-digit code the demo's log SMS sender wrote for this phone after log line {@code fromLine}. */
    String smsCodeFromLog(int fromLine, String phone) {
        Pattern p = Pattern.compile("DEMO SMS .* to " + Pattern.quote(phone) + ": .*?(\\d{6})");
        for (int i = 0; i < 100; i++) {
            for (String line : server.logLinesSince(fromLine)) {
                Matcher m = p.matcher(line);
                if (m.find()) return m.group(1);
            }
            sleep(200);
        }
        throw new AssertionError("no SMS to " + phone + " in the log");
    }

    boolean smsLoggedSince(int fromLine) {
        return server.logLinesSince(fromLine).stream().anyMatch(l -> l.contains("DEMO SMS"));
    }

    /** The six-digit code of the newest "recovery code" email to this address. */
    String emailCode(String email) {
        Mailbox.Mail mail = mailbox.await(m -> m.to().contains(email) && m.subject().contains("recovery code"), Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no emailed code for " + email));
        Matcher m = SIX_DIGITS.matcher(mail.text());
        assertTrue(m.find(), mail.text());
        return m.group(1);
    }

    /** Waits until the clock has passed {@code epochMillis} (a waiting period's end), plus a margin. */
    static void sleepUntil(long epochMillis) {
        long left = epochMillis + 3_000 - System.currentTimeMillis();
        if (left > 0) sleep(left);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
