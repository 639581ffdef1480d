package dev.passkeyfirst.bench;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passkeyfirst.bench.PageScripts.RequestOptions;
import dev.passkeyfirst.mailbox.Mailbox;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import dev.passkeyfirst.testsupport.WebClient.Page;

/**
 * What an account does besides signing in (issue 22, item 6): adding a device by QR code and the
 * "Lost your device?" request, each walked as the two browsers or the one browser and their page
 * scripts do it. Holds what the run must check or undo after a step: the passkeys the added devices
 * created, and how many recovery links a known account should have received.
 */
final class AccountOperations {

    /** One per driver: the benchmark runs once per JVM, and the scenarios are constants. */
    static final AccountOperations RUN = new AccountOperations();

    /** The label device B gives its passkey; the cleanup deletes exactly these. */
    static final String ADDED_LABEL = "Bench added device ";
    static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADD_DEVICE_PAGE = "login-pkf-add-device";
    private static final String PAIR_CONFIRM_PAGE = "login-pkf-pair-confirm";
    private static final String PAIR_DEVICE_PAGE = "login-pkf-pair-device";
    private static final String RECOVERY_PAGE = "login-pkf-recovery";

    private final AtomicLong labels = new AtomicLong();
    private final AtomicLong addresses = new AtomicLong();
    private final Set<BenchUser> added = ConcurrentHashMap.newKeySet();
    private final AtomicInteger knownRequests = new AtomicInteger();
    /** The first "sent" page either case got: every later one, known account or not, must have its shape. */
    private final AtomicReference<String> sentShape = new AtomicReference<>();

    private AccountOperations() {
    }

    /**
     * Device A signs in with the account's passkey and asks to add a device (kc_action); device B, a
     * fresh browser with a new authenticator, opens the link A shows (the QR code's), confirms it and
     * creates its passkey, which the server holds pending while B shows a code; A's page learns that
     * from its status poll and reloads, A's user types the code and approves with the passkey; B's page
     * learns of the approval from its poll and reloads into the signed-in landing page. Timed: from
     * A's approval POST to B's landing page. Each page script's poll is done once, at the moment it
     * would see the change: the two-second poll interval is the page's, not the server's.
     */
    void addDevice(SignIn a, BenchUser u) throws SignInFailure {
        Page login = SignIn.expect(a.authorize("&kc_action=pkf-add-device"), "login-pkf-login", "A: GET authorize");
        RequestOptions options = PageScripts.pkfOptions(login);
        SoftAuthenticator.Assertion signIn = u.passkey.assertion(options.rpId(), a.origin, options.challenge());
        // posted without the Signal API (as pkf-webauthn.js does for a button in a required action): a sign-in of A
        // after an earlier add-device must not tell the provider about a passkey the cleanup deletes again
        Page start = SignIn.expect(a.browser.post(login.formAction("pkf-assertion-form"),
                PageScripts.pkfAssertion(login, signIn, "platform", "button", false)), ADD_DEVICE_PAGE, "A: POST assertion");
        String link = element(start, "pkf-link", "A: the add-device page").attr("value");

        WebClient b = new WebClient(a.http, IPHONE);
        Page confirm = SignIn.expect(b.get(link), PAIR_CONFIRM_PAGE, "B: GET the link");
        Page create = SignIn.expect(b.post(confirm.formAction("pkf-pair-form"), confirm.formFields("pkf-pair-form")),
                PAIR_DEVICE_PAGE, "B: POST the confirmation");
        SoftAuthenticator bKey = new SoftAuthenticator();
        bKey.flags = SoftAuthenticator.UP | SoftAuthenticator.UV | SoftAuthenticator.BE | SoftAuthenticator.BS;
        JsonNode data = create.data("pkf-data");
        Map<String, String> form = create.formFields("pkf-create-form");
        form.putAll(bKey.create(data.get("rp").get("id").asText(), a.origin, data.get("challenge").asText(),
                Base64.getUrlDecoder().decode(data.get("user").get("id").asText())));
        form.put("transports", "internal,hybrid");
        form.put("authenticatorAttachment", "platform");
        // a name of its own: Keycloak refuses a second credential with the name the page suggests
        form.put("authenticatorLabel", ADDED_LABEL + labels.incrementAndGet());
        Page shown = SignIn.expect(b.post(create.formAction("pkf-create-form"), form), PAIR_DEVICE_PAGE, "B: POST its passkey");
        added.add(u);
        String code = element(shown, "pkf-code", "B: the code page").text().replace(" ", "");

        poll(a.browser, start, "pkf-add-device", "CODE_READY", "A");
        Page ask = SignIn.expect(a.browser.post(start.formAction("pkf-refresh-form"), Map.of("pkf.refresh", "1")), ADD_DEVICE_PAGE,
                "A: reload after the poll");
        Page approve = SignIn.expect(a.browser.post(ask.formAction("pkf-code-form"), Map.of("pkf.code", code)), ADD_DEVICE_PAGE,
                "A: POST the code");
        RequestOptions approval = PageScripts.pkfOptions(approve);
        if (!approval.allows(u.passkey)) throw new SignInFailure("A: POST the code: our passkey is not in allowCredentials");
        SoftAuthenticator.Assertion yes = u.passkey.assertion(approval.rpId(), a.origin, approval.challenge());

        long from = System.nanoTime();
        Page approved = SignIn.expect(a.browser.post(approve.formAction("pkf-assertion-form"),
                PageScripts.pkfAssertion(approve, yes, "platform", "approve", false)), ADD_DEVICE_PAGE, "A: POST the approval");
        String ending = element(approved, "pkf-ended", "A: POST the approval").attr("data-pkf-ending");
        if (!"APPROVED".equals(ending)) throw new SignInFailure("A: POST the approval: pairing ended " + ending);
        poll(b, shown, "pkf-pair-device", "APPROVED", "B");
        Page landed = b.post(shown.formAction("pkf-refresh-form"), Map.of("pkf.refresh", "1"));
        if (landed.status() == 302 || landed.status() == 303) landed = b.get(java.net.URI.create(landed.url()).resolve(landed.location()).toString());
        a.timedNanos = System.nanoTime() - from;
        if (landed.status() != 200 || landed.doc().getElementById("pkf-device-added") == null) {
            throw new SignInFailure("B: reload after the approval: " + SignIn.describe(landed, "the device-added landing page"));
        }
    }

    /**
     * "Lost your device?" as a person does it: the sign-in page, its link, the name typed and
     * submitted. Timed: the submit. Each request comes from its own address (X-Forwarded-For through
     * the benchmark's proxy setting), as a crowd of users would, so the per-address limit of the realm
     * (20 messages an hour by default) never turns this into its throttled path.
     */
    void lostDevice(SignIn s, BenchUser u, boolean known) throws SignInFailure {
        long n = addresses.incrementAndGet();
        s.forwardedFor("10." + ((n >> 16) & 0xff) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff));
        Page login = SignIn.expect(s.authorize(), "login-pkf-login", "GET authorize");
        String lost = element(login, "pkf-lost-device", "GET authorize").absUrl("href");
        Page identify = SignIn.expect(s.browser.get(lost), RECOVERY_PAGE, "GET Lost your device?");
        Map<String, String> form = identify.formFields("pkf-identify-form");
        form.put("identifier", known ? u.username : unknownName(u));
        long from = System.nanoTime();
        Page sent = s.browser.post(identify.formAction("pkf-identify-form"), form);
        s.timedNanos = System.nanoTime() - from;
        SignIn.expect(sent, RECOVERY_PAGE, "POST the name");
        if (known) knownRequests.incrementAndGet();
        String shape = PageScripts.shape(sent);
        if (!sentShape.compareAndSet(null, shape) && !sentShape.get().equals(shape)) {
            throw new SignInFailure("POST the name: the " + (known ? "known" : "unknown") + " account's answer differs from the first answer"
                    + " (account existence shows): " + firstDifference(sentShape.get(), shape));
        }
        if (!"sent".equals(element(sent, "pkf-recovery", "POST the name").attr("data-pkf-view"))) {
            throw new SignInFailure("POST the name: not the 'we sent a link' view" + (sent.error() == null ? "" : " (\"" + sent.error() + "\")"));
        }
    }

    /**
     * An address nobody has, one per benchmark account, so unknown names are asked for as often as
     * known ones: both meet the per-name limit's slots alike.
     */
    static String unknownName(BenchUser u) {
        return String.format("nobody%04d@bench.example", u.index);
    }

    /**
     * After an add-device step: deletes the passkeys the new devices created (admin REST, outside the
     * measured window), so every step and every sign-in scenario finds the accounts as enrolled.
     * Returns how many it deleted.
     */
    int deleteAddedPasskeys(AdminApi admin) {
        int deleted = 0;
        for (BenchUser u : List.copyOf(added)) {
            for (JsonNode c : admin.credentials(BenchRealm.NAME, u.id)) {
                if (c.path("userLabel").asText().startsWith(ADDED_LABEL)) {
                    admin.deleteCredential(BenchRealm.NAME, u.id, c.get("id").asText());
                    deleted++;
                }
            }
            added.remove(u);
        }
        return deleted;
    }

    /** What a lost-device step's mail came to: errors of the step, and how many links arrived only after the window. */
    record LinkCheck(Map<String, Integer> errors, long arrivedLate) {
    }

    /**
     * After a lost-device step: every known account's request must have sent a recovery link through
     * the bench's SMTP server (they go out after the response, on a worker, and at hundreds of requests
     * a second many are still queued when the window closes). Waits until every expected link is in
     * or none has arrived for {@code quiet} (at most {@code patience}), then empties the mailbox.
     */
    LinkCheck checkRecoveryLinks(Mailbox mailbox, Duration quiet, Duration patience) throws InterruptedException {
        int expected = knownRequests.getAndSet(0);
        long end = System.nanoTime() + patience.toNanos();
        long atStart = recoveryLinks(mailbox);
        long links = atStart;
        long lastGrowth = System.nanoTime();
        while (links < expected && System.nanoTime() < end && System.nanoTime() - lastGrowth < quiet.toNanos()) {
            Thread.sleep(200);
            long now = recoveryLinks(mailbox);
            if (now != links) lastGrowth = System.nanoTime();
            links = now;
        }
        mailbox.purge();
        Map<String, Integer> missing = new TreeMap<>();
        if (links < expected) missing.put("known account: request answered but no recovery link emailed (throttled or lost)", (int) (expected - links));
        if (links > expected) missing.put("recovery links emailed for an unknown account", (int) (links - expected));
        return new LinkCheck(missing, links - atStart);
    }

    private static long recoveryLinks(Mailbox mailbox) {
        return mailbox.messages().stream().filter(m -> m.links().stream().anyMatch(l -> l.contains("/passkey-first/recover/"))).count();
    }

    /** One tick of pkf-pairing-status.js: the state this browser's own pairing is in, which must be the one expected by now. */
    private static void poll(WebClient browser, Page page, String container, String state, String device) throws SignInFailure {
        Page status = browser.get(PageScripts.pairingStatusUrl(page, container));
        String seen;
        try {
            seen = JSON.readTree(status.body()).path("state").asText();
        } catch (java.io.IOException e) {
            seen = "not JSON";
        }
        if (status.status() != 200 || !state.equals(seen)) {
            throw new SignInFailure(device + ": status poll: expected " + state + ", got " + status.status() + " " + seen);
        }
    }

    private static org.jsoup.nodes.Element element(Page page, String id, String step) throws SignInFailure {
        org.jsoup.nodes.Element e = page.doc().getElementById(id);
        if (e == null) throw new SignInFailure(step + ": no #" + id + " on " + SignIn.describe(page, "the page with it"));
        return e;
    }

    /** Where two page shapes part, for the error line: the element after the common part. */
    static String firstDifference(String a, String b) {
        String[] x = a.split("\\|");
        String[] y = b.split("\\|");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (!x[i].equals(y[i])) return "element " + i + ": '" + x[i] + "' vs '" + y[i] + "'";
        }
        return x.length == y.length ? "none" : "element count " + x.length + " vs " + y.length;
    }
}
