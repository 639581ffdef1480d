package dev.passkeyfirst.it.http;

import static dev.passkeyfirst.it.http.RecoverySteps.PENDING_PAGE;
import static dev.passkeyfirst.it.http.RecoverySteps.SIGNAL_PAGE;
import static dev.passkeyfirst.it.http.RecoverySteps.postRecoverForm;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.it.http.RecoverySteps.Account;
import dev.passkeyfirst.it.http.RecoverySteps.Waiting;
import dev.passkeyfirst.keycloak.recovery.RecoveryConfigProperties;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The Signal API page after a passkey sign-in (issue 22, item 5): a browser that has the API
 * ({@code pkf.signal=1}, as current Chrome posts it) gets the page only when what this passkey's
 * provider was last told (the accepted credentials, the user's names) changed, or was never told;
 * otherwise the assertion's answer is already the redirect to the application. The waiting-recovery
 * question still comes whenever a recovery waits, which the sign-in learns from the same read as the
 * passkey's row.
 */
class SignalApiHttpTest extends ServerTest {

    private RecoverySteps steps;

    @Override
    protected TestRealm createRealm() {
        TestRealm r = TestRealm.create(server, mailbox.smtpPort(), rep -> rep.getAuthenticatorConfig().stream()
                .filter(c -> c.getAlias().equals("pkf-recovery")).forEach(c -> {
                    Map<String, String> config = new HashMap<>(c.getConfig());
                    config.put(RecoveryConfigProperties.PRESET, "strict");
                    config.put(RecoveryConfigProperties.WAITING_MINUTES, "30");
                    config.put(RecoveryConfigProperties.MAILS_PER_IP, "1000");
                    c.setConfig(config);
                }));
        steps = new RecoverySteps(r, mailbox, server);
        return r;
    }

    @Test
    void theSignalPageComesOnlyWhenWhatTheProviderWasToldChanged() {
        Account a = steps.account("told");
        WebClient.Page first = signIn(a.passkey(), true);
        assertEquals(SIGNAL_PAGE, first.pageId(), "never told before: the page tells it " + first.status() + " " + first.body());
        assertEquals(List.of(a.passkey().credentialIdB64()), accepted(first));
        assertTrue(HttpFlows.signedIn(continueFrom(first)), "the page's continue signs in");

        WebClient.Page second = signIn(a.passkey(), true);
        assertTrue(HttpFlows.signedIn(second),
                "nothing changed since: the assertion's answer is the redirect, no extra page and POST; got " + second.status() + " " + second.pageId());

        SoftAuthenticator key = new SoftAuthenticator();
        assertTrue(HttpFlows.addPasskey(realm, a.passkey(), key, "second key").status() < 400);
        WebClient.Page afterAdding = signIn(a.passkey(), true);
        assertEquals(SIGNAL_PAGE, afterAdding.pageId(), "a passkey was added: told again");
        assertTrue(accepted(afterAdding).containsAll(List.of(a.passkey().credentialIdB64(), key.credentialIdB64())), accepted(afterAdding).toString());
        assertTrue(HttpFlows.signedIn(continueFrom(afterAdding)));

        // the other passkey's provider has never been told anything
        key.userHandle = a.passkey().userHandle;
        assertEquals(SIGNAL_PAGE, signIn(key, true).pageId(), "the second passkey's provider was never told");

        UserRepresentation rep = realm.resource.users().get(a.userId()).toRepresentation();
        rep.setFirstName("Renamed");
        realm.resource.users().get(a.userId()).update(rep);
        WebClient.Page renamed = signIn(a.passkey(), true);
        assertEquals(SIGNAL_PAGE, renamed.pageId(), "the display name changed: told again");
        assertTrue(renamed.data("pkf-signal-data").path("displayName").asText().startsWith("Renamed"), renamed.data("pkf-signal-data").toString());
        assertTrue(HttpFlows.signedIn(continueFrom(renamed)));
        assertTrue(HttpFlows.signedIn(signIn(a.passkey(), true)), "and quiet again after that");
    }

    @Test
    void aSignalPageThatNeverContinuedIsShownAgain() {
        Account a = steps.account("left");
        assertEquals(SIGNAL_PAGE, signIn(a.passkey(), true).pageId());
        // the tab was closed on the page: nothing says the provider heard it
        WebClient.Page again = signIn(a.passkey(), true);
        assertEquals(SIGNAL_PAGE, again.pageId(), "only a page that continued counts as told");
        assertTrue(HttpFlows.signedIn(continueFrom(again)));
        assertTrue(HttpFlows.signedIn(signIn(a.passkey(), true)));
    }

    @Test
    void aBrowserWithoutTheSignalApiNeverGetsThePageAndChangesNothing() {
        Account a = steps.account("no-api");
        assertTrue(HttpFlows.signedIn(signIn(a.passkey(), false)));
        assertTrue(HttpFlows.signedIn(signIn(a.passkey(), false)));
        assertEquals(SIGNAL_PAGE, signIn(a.passkey(), true).pageId(), "a browser without the API told the provider nothing");
    }

    @Test
    void aWaitingRecoveryIsAskedAboutAtEverySignInAndItsPasskeyToldOnce() {
        Account a = steps.account("waiting");
        assertTrue(HttpFlows.signedIn(continueFrom(signIn(a.passkey(), true))));
        assertTrue(HttpFlows.signedIn(signIn(a.passkey(), true)), "told, nothing waiting: straight in");

        Waiting w = steps.recoverToWaiting(a);
        WebClient owner = new WebClient();
        WebClient.Page asked = signIn(owner, a.passkey(), true);
        assertEquals(PENDING_PAGE, asked.pageId(), "a recovery waits: the owner is asked about it " + asked.status() + " " + asked.body());
        WebClient.Page kept = postRecoverForm(owner, asked, Map.of("pkf.recoveryKeep", "1"));
        assertEquals(SIGNAL_PAGE, kept.pageId(), "the accepted list gained the waiting passkey: told again");
        assertTrue(accepted(kept).contains(w.key().credentialIdB64()), "the waiting passkey is accepted: " + accepted(kept));
        assertTrue(HttpFlows.signedIn(continueFrom(owner, kept)));

        WebClient again = new WebClient();
        WebClient.Page askedAgain = signIn(again, a.passkey(), true);
        assertEquals(PENDING_PAGE, askedAgain.pageId(), "still waiting: asked again at the next sign-in");
        assertTrue(HttpFlows.signedIn(postRecoverForm(again, askedAgain, Map.of("pkf.recoveryKeep", "1"))),
                "kept, and the provider already knows the list: no Signal API page");

        WebClient cancelling = new WebClient();
        WebClient.Page cancel = signIn(cancelling, a.passkey(), true);
        assertEquals(PENDING_PAGE, cancel.pageId());
        WebClient.Page cancelled = postRecoverForm(cancelling, cancel, Map.of("pkf.recoveryCancel", "1"));
        assertAll(
                () -> assertEquals(SIGNAL_PAGE, cancelled.pageId(), "the waiting passkey is gone from the list: told at once"),
                () -> assertFalse(accepted(cancelled).contains(w.key().credentialIdB64()), accepted(cancelled).toString()));
        assertTrue(HttpFlows.signedIn(continueFrom(cancelling, cancelled)));
        assertTrue(HttpFlows.signedIn(signIn(a.passkey(), true)), "nothing waits any more and the provider is told: straight in");
    }

    // ---- steps

    private WebClient lastClient;

    private WebClient.Page signIn(SoftAuthenticator key, boolean signalApi) {
        return signIn(new WebClient(), key, signalApi);
    }

    /** The passkey button's sign-in, posted as pkf-webauthn.js posts it in a browser with (or without) the Signal API. */
    private WebClient.Page signIn(WebClient client, SoftAuthenticator key, boolean signalApi) {
        lastClient = client;
        WebClient.Page login = client.get(realm.authUrl());
        Map<String, String> form = key.get(HttpFlows.rpId(login), login.origin(), HttpFlows.challenge(login));
        form.put("pkf.signal", signalApi ? "1" : "");
        return client.post(login.formAction("pkf-assertion-form"), form);
    }

    private WebClient.Page continueFrom(WebClient.Page signalPage) {
        return continueFrom(lastClient, signalPage);
    }

    /** pkf-signal.js, once the browser has been told: the continue button of #pkf-continue-form. */
    private static WebClient.Page continueFrom(WebClient client, WebClient.Page signalPage) {
        assertEquals(SIGNAL_PAGE, signalPage.pageId(), signalPage.body());
        return client.post(signalPage.formAction("pkf-continue-form"), Map.of("pkf.continue", "1"));
    }

    private static List<String> accepted(WebClient.Page page) {
        List<String> out = new ArrayList<>();
        page.data("pkf-signal-data").path("allAcceptedCredentialIds").forEach(n -> out.add(n.asText()));
        return out;
    }
}
