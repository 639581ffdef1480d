package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, finding 11 (DESIGN §5 *new*: "Decoy allowCredentials for unknown usernames cannot be
 * told from real ones by count, order or fields: they follow the distribution of real accounts'
 * entries"). The username step shows an unknown username a made-up list of passkey ids; if no real
 * account could ever have that list, or a real account's list could never be a decoy, the page tells
 * who has an account.
 *
 * <p>The realm gets real accounts of the kinds real users have: one, two and three passkeys, and
 * passkeys whose browser reported no transports (older browsers, some security keys, passkeys
 * created through Keycloak's own pages). Every one of those lists must be one the decoys can take;
 * the tests do not ask for a particular decoy algorithm, only that the decoys mirror what real
 * accounts of this realm look like, so they hold for any implementation that does.
 */
class DecoyAllowCredentialsTest extends ServerTest {

    /** Unknown usernames looked at; enough that any shape with a share of 1/20 or more shows up (miss chance < 1e-4). */
    private static final int UNKNOWN = 200;

    private int users;
    /** Each real account's list, as the username step shows it. */
    private final Map<String, JsonNode> realLists = new LinkedHashMap<>();
    private List<JsonNode> decoyLists;

    @BeforeAll
    void realAccountsOfEveryKind() {
        account("one", List.of("internal"));
        account("two", List.of("internal", "hybrid,internal"));
        account("three", List.of("internal", "hybrid,internal", "usb"));
        account("bare", List.of(""));
        account("mixed", List.of("usb,nfc", ""));
        for (String email : List.copyOf(emails)) realLists.put(email, allowCredentials(email));
        // the real lists are what the test says they are (so a failure below is about the decoys)
        assertEquals(1, realLists.get(emails.get(0)).size());
        assertEquals(3, realLists.get(emails.get(2)).size());
        assertEquals(0, realLists.get(emails.get(3)).get(0).path("transports").size(),
                "a passkey registered without transports is listed without: " + realLists.get(emails.get(3)));
        decoyLists = new ArrayList<>();
        for (int i = 0; i < UNKNOWN; i++) decoyLists.add(allowCredentials("nobody-" + i + "@example.org"));
    }

    private final List<String> emails = new ArrayList<>();

    /** A real account with one passkey per entry of {@code transports} ("" = the browser reported none). */
    private void account(String name, List<String> transports) {
        String email = name + (++users) + "@example.org";
        String userId = realm.createUser(email);
        SoftAuthenticator first = new SoftAuthenticator();
        WebClient client = new WebClient();
        WebClient.Page create = HttpFlows.createPage(client, realm, mailbox, userId, email);
        Map<String, String> form = HttpFlows.attestation(create, first, name + " 1");
        form.put("transports", transports.get(0));
        assertTrue(client.post(create.formAction("pkf-create-form"), form).status() < 400);
        for (int i = 1; i < transports.size(); i++) addPasskey(first, new SoftAuthenticator(), name + " " + (i + 1), transports.get(i));
        assertEquals(transports.size(), realm.resource.users().get(userId).credentials().size());
        emails.add(email);
    }

    /** HttpFlows.addPasskey, with the transports the browser reports. */
    private void addPasskey(SoftAuthenticator signInWith, SoftAuthenticator newKey, String label, String transports) {
        WebClient client = new WebClient();
        WebClient.Page login = client.get(realm.authUrl("&kc_action=" + ProviderIds.CREATE_PASSKEY));
        WebClient.Page page = client.post(login.formAction("pkf-assertion-form"),
                signInWith.get(HttpFlows.rpId(login), HttpFlows.ORIGIN, HttpFlows.challenge(login)));
        assertEquals(Pages.id(Pages.CREATE_PASSKEY), page.pageId(), page.body());
        Map<String, String> form = HttpFlows.attestation(page, newKey, label);
        form.put("transports", transports);
        WebClient.Page done = client.post(page.formAction("pkf-create-form"), form);
        assertTrue(done.status() < 400 && !Pages.id(Pages.CREATE_PASSKEY).equals(done.pageId()), done.body());
    }

    /** The username step for {@code username} in a fresh browser: its allowCredentials. */
    private JsonNode allowCredentials(String username) {
        WebClient.Page step = usernameStep(new WebClient(), username);
        return step.data("pkf-data").get("allowCredentials");
    }

    private WebClient.Page usernameStep(WebClient client, String username) {
        WebClient.Page login = client.get(realm.authUrl());
        Map<String, String> form = login.formFields("pkf-username-form");
        form.put("username", username);
        WebClient.Page step = client.post(login.formAction("pkf-username-form"), form);
        assertEquals(Pages.id(Pages.LOGIN_PASSKEY), step.pageId(), step.body());
        return step;
    }

    /**
     * What an observer can compare without knowing any id: how many entries, and for each entry its
     * fields in order and whether it names transports. Entries are compared as a multiset (their
     * order among themselves follows the account's credentials, not anything an observer can use).
     */
    static String shape(JsonNode list) {
        List<String> entries = new ArrayList<>();
        for (JsonNode e : list) {
            List<String> fields = new ArrayList<>();
            for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) fields.add(it.next());
            boolean transports = e.path("transports").isArray() && e.path("transports").size() > 0;
            entries.add(String.join(",", fields) + (transports ? "+T" : "-T"));
        }
        entries.sort(null);
        return list.size() + ":" + entries;
    }

    @Test
    void everyRealAccountsListCouldBeADecoy() {
        Map<String, Integer> decoyShapes = histogram(decoyLists);
        List<String> tells = new ArrayList<>();
        realLists.forEach((email, list) -> {
            if (!decoyShapes.containsKey(shape(list))) tells.add(email + " " + shape(list));
        });
        assertTrue(tells.isEmpty(), "these real accounts' lists never occur among " + UNKNOWN
                + " unknown usernames' decoys, so their username step tells that they exist: " + tells
                + "\n decoy shapes seen: " + decoyShapes);
    }

    @Test
    void decoyCountsAndTransportsFollowRealAccounts() {
        int[] counts = new int[4];
        int entries = 0;
        int withoutTransports = 0;
        for (JsonNode list : decoyLists) {
            assertTrue(list.size() > 0, "a decoy list is never empty: an empty list asks for any passkey, unlike a real account");
            counts[Math.min(3, list.size())]++;
            for (JsonNode e : list) {
                entries++;
                if (!e.path("transports").isArray() || e.path("transports").size() == 0) withoutTransports++;
            }
        }
        String seen = String.format("over %d unknown usernames: %d with one entry, %d with two, %d with three or more;"
                + " %d of %d entries without transports", UNKNOWN, counts[1], counts[2], counts[3], withoutTransports, entries);
        System.out.println("decoys " + seen);
        // this realm's real accounts have 1, 2 and 3 passkeys, and 2 of their 9 passkeys report no transports
        assertTrue(counts[1] > 0 && counts[2] > 0 && counts[3] > 0, "real accounts here have one, two and three passkeys; decoys " + seen);
        assertTrue(withoutTransports > 0, "real passkeys here may have no transports; decoys " + seen);
        assertTrue(withoutTransports < entries, "and most real passkeys do have transports; decoys " + seen);
    }

    @Test
    void decoyEntriesHaveTheFieldsOfRealEntriesInTheSameOrder() {
        List<String> realFields = new ArrayList<>();
        realLists.values().forEach(l -> l.forEach(e -> realFields.add(fields(e))));
        String expected = realFields.get(0);
        assertTrue(realFields.stream().allMatch(expected::equals), "real entries differ among themselves: " + realFields);
        for (JsonNode list : decoyLists) {
            for (JsonNode e : list) assertEquals(expected, fields(e), "a decoy entry's fields: " + list);
        }
    }

    private static String fields(JsonNode entry) {
        List<String> f = new ArrayList<>();
        entry.fieldNames().forEachRemaining(f::add);
        return String.join(",", f);
    }

    @Test
    void decoysAreStablePerUsername() {
        for (int i = 0; i < 10; i++) {
            String name = "stable-" + i + "@example.org";
            JsonNode first = allowCredentials(name);
            assertEquals(first, allowCredentials(name), "a second visit (another browser) must see the same list for " + name);
            // the same account name however it is typed: Keycloak finds accounts case-insensitively
            assertEquals(first, allowCredentials("  " + name.toUpperCase() + " "), "another spelling of " + name);
            // and the same browser going back and typing it again
            WebClient browser = new WebClient();
            WebClient.Page step = usernameStep(browser, name);
            WebClient.Page restarted = browser.post(step.formAction("pkf-restart-form"), Map.of("pkf.restart", "1"));
            assertEquals(Pages.id(Pages.LOGIN), restarted.pageId(), restarted.body());
            Map<String, String> form = restarted.formFields("pkf-username-form");
            form.put("username", name);
            WebClient.Page again = browser.post(restarted.formAction("pkf-username-form"), form);
            assertEquals(first, again.data("pkf-data").get("allowCredentials"), "the same browser again for " + name);
        }
        // different usernames get different ids
        assertFalse(allowCredentials("stable-0@example.org").get(0).get("id").equals(allowCredentials("stable-1@example.org").get(0).get("id")));
    }

    private static Map<String, Integer> histogram(List<JsonNode> lists) {
        Map<String, Integer> h = new TreeMap<>();
        for (JsonNode l : lists) h.merge(shape(l), 1, Integer::sum);
        return h;
    }
}
