package dev.passkeyfirst.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passkeyfirst.mailbox.Mailbox;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import dev.passkeyfirst.testsupport.WebClient.Page;

/**
 * Creates the benchmark's users and their passkeys through the real ceremonies, never by writing
 * rows behind Keycloak's back: an admin creates each account and sets its password, sends the
 * "execute actions" email for our create-passkey action, and the user opens the link and creates a
 * synced passkey on our page; then the user signs in with that passkey and adds a security key
 * (our action again, application-initiated with {@code kc_action}).
 */
final class Enrollment {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARALLEL = 4;

    private final AdminApi admin;
    private final Mailbox mailbox;
    private final HttpClient http;
    private final String origin;

    Enrollment(AdminApi admin, Mailbox mailbox, HttpClient http, String origin) {
        this.admin = admin;
        this.mailbox = mailbox;
        this.http = http;
        this.origin = origin;
    }

    List<BenchUser> enroll(int count) throws Exception {
        List<BenchUser> users = new ArrayList<>();
        for (int i = 1; i <= count; i++) users.add(new BenchUser(i));
        mailbox.purge();
        parallel(users, this::createAccount);
        Map<String, String> links = awaitLinks(users, Duration.ofMinutes(3));
        mailbox.purge();
        parallel(users, u -> createPasskey(u, links.get(u.username)));
        parallel(users, this::addSecurityKey);
        parallel(users, this::check);
        mailbox.purge(); // the "passkey added" notifications
        return users;
    }

    private void createAccount(BenchUser u) {
        ObjectNode rep = JSON.createObjectNode();
        rep.put("username", u.username).put("email", u.username).put("emailVerified", true)
                .put("firstName", "Bench").put("lastName", "User " + u.index).put("enabled", true);
        u.id = admin.createUser(BenchRealm.NAME, rep);
        admin.setPassword(BenchRealm.NAME, u.id, u.password);
        admin.executeActionsEmail(BenchRealm.NAME, u.id, List.of("pkf-create-passkey"));
    }

    private Map<String, String> awaitLinks(List<BenchUser> users, Duration timeout) throws InterruptedException {
        Map<String, String> links = new HashMap<>();
        long end = System.nanoTime() + timeout.toNanos();
        while (links.size() < users.size() && System.nanoTime() < end) {
            for (Mailbox.Mail m : mailbox.messages()) {
                m.links().stream().filter(l -> l.contains("action-token")).findFirst().ifPresent(l -> links.put(m.to(), l));
            }
            if (links.size() < users.size()) Thread.sleep(200);
        }
        if (links.size() < users.size()) {
            throw new IllegalStateException("only " + links.size() + " of " + users.size() + " execute-actions emails arrived");
        }
        return links;
    }

    /** The user opens the email's link and creates a synced platform passkey on our page. */
    private void createPasskey(BenchUser u, String link) {
        WebClient browser = new WebClient(http, WebClient.CHROME);
        Page page = browser.get(link);
        if ("login-info".equals(page.pageId())) {
            // Keycloak's "perform the following actions" page links on to the actions
            page = browser.get(page.doc().select("a[href*=login-actions]").attr("abs:href"));
        }
        page = expectPage(page, "login-pkf-create-passkey", u, "open the email link");
        Page done = browser.post(page.formAction("pkf-create-form"), createForm(page, u.passkey, "internal", "platform"));
        if (done.status() != 200 || !"login-info".equals(done.pageId())) {
            throw new IllegalStateException("creating a passkey for " + u.username + ": " + SignIn.describe(done, "Keycloak's info page"));
        }
    }

    /** Signed in with the passkey, the user adds a security key (application-initiated action). */
    private void addSecurityKey(BenchUser u) {
        try {
            SignIn s = new SignIn(http, origin, BenchRealm.NAME, BenchRealm.CLIENT_OURS);
            Page login = SignIn.expect(s.authorize("&kc_action=pkf-create-passkey"), "login-pkf-login", "GET authorize");
            PageScripts.RequestOptions options = PageScripts.pkfOptions(login);
            SoftAuthenticator.Assertion a = u.passkey.assertion(options.rpId(), origin, options.challenge());
            Page create = SignIn.expect(s.browser.post(login.formAction("pkf-assertion-form"),
                    PageScripts.pkfAssertion(login, a, "platform", "button", false)), "login-pkf-create-passkey", "POST assertion");
            Map<String, String> form = createForm(create, u.securityKey, "usb", "cross-platform");
            // the user names it: the name prefilled from the browser is the first passkey's name already,
            // and Keycloak refuses a second credential with the same name
            form.put("authenticatorLabel", "Security key");
            s.finish(s.browser.post(create.formAction("pkf-create-form"), form), "POST security key");
        } catch (SignInFailure e) {
            throw new IllegalStateException("adding a security key for " + u.username + ": " + e.getMessage());
        }
    }

    private void check(BenchUser u) {
        long passkeys = 0;
        for (JsonNode c : admin.credentials(BenchRealm.NAME, u.id)) {
            if ("webauthn-passwordless".equals(c.path("type").asText())) passkeys++;
        }
        if (passkeys != 2) throw new IllegalStateException(u.username + " has " + passkeys + " passkeys, not 2");
    }

    /** pkf-create-passkey.js: every field of #pkf-create-form (the suggested name stays), filled from the new credential. */
    private Map<String, String> createForm(Page page, SoftAuthenticator authenticator, String transports, String attachment) {
        JsonNode data = page.data("pkf-data");
        byte[] userId = Base64.getUrlDecoder().decode(data.get("user").get("id").asText());
        Map<String, String> form = page.formFields("pkf-create-form");
        form.putAll(authenticator.create(data.get("rp").get("id").asText(), origin, data.get("challenge").asText(), userId));
        form.put("transports", transports);
        form.put("authenticatorAttachment", attachment);
        return form;
    }

    private static Page expectPage(Page page, String pageId, BenchUser u, String step) {
        if (page.status() != 200 || !pageId.equals(page.pageId())) {
            throw new IllegalStateException(step + " for " + u.username + ": " + SignIn.describe(page, pageId));
        }
        return page;
    }

    private static void parallel(List<BenchUser> users, Consumer<BenchUser> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (BenchUser u : users) done.add(pool.submit(() -> task.accept(u)));
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
    }
}
