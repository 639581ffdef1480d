package dev.passkeyfirst.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passkeyfirst.it.browser.Flows;
import dev.passkeyfirst.it.browser.Pages;
import dev.passkeyfirst.it.harness.Browser;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.it.harness.Tokens;
import dev.passkeyfirst.it.http.HttpFlows;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Issue 9, scenario 1: two nodes behave as one for a passkey sign-in. The sign-in page (and so the
 * challenge in the authentication session) comes from one node, the assertion is posted to the other.
 */
class ClusterSignInTest extends ClusterTest {

    private int users;

    private String newEmail() {
        return "cluster-user" + (++users) + "@example.org";
    }

    /** A user with a passkey on a software authenticator, registered through the balancer. */
    private SoftAuthenticator userWithPasskey(String email) {
        String userId = realm.createUser(email);
        SoftAuthenticator passkey = new SoftAuthenticator();
        WebClient.Page done = HttpFlows.register(realm, mailbox, userId, email, passkey);
        assertTrue(done.status() < 400, done.body());
        assertEquals(1, realm.resource.users().get(userId).credentials().size());
        return passkey;
    }

    @Test
    void signInPageFromOneNodeAssertionPostedToTheOther() {
        String email = newEmail();
        SoftAuthenticator passkey = userWithPasskey(email);
        String userId = realm.user(email).getId();
        for (ClusterNode first : cluster.nodes()) {
            ClusterNode second = cluster.other(first);
            WebClient client = client();
            WebClient.Page login = via(client, first).get(realm.authUrl());
            assertServedBy(first, login);
            assertEquals(Pages.SIGN_IN, login.pageId(), login.body());
            // the browser saw the public origin, whichever node it talks to
            assertEquals(Cluster.PUBLIC_URL, login.origin());
            Map<String, String> form = passkey.get(HttpFlows.rpId(login), login.origin(), HttpFlows.challenge(login));
            WebClient.Page done = via(client, second).postNoFollow(login.formAction("pkf-assertion-form"), form);
            assertServedBy(second, done);
            assertTrue(HttpFlows.signedIn(done), first + " -> " + second + ": " + done.status() + "\n" + done.body());
            // the code one node issued is redeemed at the other node's token endpoint
            JsonNode token = Tokens.exchange(realm, done.location(), cluster.url(first));
            assertEquals(userId, token.get("sub").asText());
            assertEquals(Cluster.PUBLIC_URL + "/realms/" + realm.name, token.get("iss").asText());
        }
    }

    @Test
    void browserSignsInWithThePageOfOneNodeAndTheAssertionToTheOther() {
        String email = newEmail();
        try (Browser b = new Browser()) {
            b.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
            b.withoutConditionalMediation();
            route(b, nodeA());
            Flows.enrollFromAdminEmail(b, realm, mailbox, email);
            b.clearCookies();

            cluster.balancer().forgetServed();
            b.open(realm.authUrl());
            b.waitForPage(Pages.SIGN_IN);
            assertFalse(served("GET", "/protocol/openid-connect/auth").isEmpty());
            assertTrue(cluster.balancer().served().stream().allMatch(s -> s.node().equals(nodeA().name)),
                    "the sign-in page and its resources came from A: " + cluster.balancer().served());

            route(b, nodeB());
            cluster.balancer().forgetServed();
            b.click(By.id("pkf-passkey-button"));
            b.waitForUrlStarting(TestRealm.REDIRECT);
            assertTrue(b.driver.getCurrentUrl().contains("code="), b.driver.getCurrentUrl());
            // the assertion, then the page that tells the browser (Signal API) which passkeys the account keeps
            List<LoadBalancer.Served> posts = served("POST", "/login-actions/authenticate");
            assertFalse(posts.isEmpty(), cluster.balancer().served().toString());
            assertTrue(cluster.balancer().served().stream().allMatch(s -> s.node().equals(nodeB().name)),
                    "everything after the switch went to B: " + cluster.balancer().served());
            assertEquals(realm.user(email).getId(), Tokens.exchange(realm, b.driver.getCurrentUrl(), cluster.url(nodeA())).get("sub").asText());
        }
    }

    @Test
    void everyRequestToTheNextNodeInTurnStillRegistersAndSignsIn() {
        // no route at all: the balancer alternates nodes request by request, page resources included
        String email = newEmail();
        cluster.balancer().roundRobin();
        cluster.balancer().forgetServed();
        try (Browser b = new Browser()) {
            b.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
            b.withoutConditionalMediation();
            Flows.enrollFromAdminEmail(b, realm, mailbox, email);
            b.clearCookies();
            Flows.signInWithPasskeyButton(b, realm);
            assertTrue(b.driver.getCurrentUrl().contains("code="), b.driver.getCurrentUrl());
        }
        List<String> nodes = cluster.balancer().served().stream().map(LoadBalancer.Served::node).distinct().sorted().toList();
        assertEquals(List.of(nodeA().name, nodeB().name), nodes);
        // both ceremonies went through the balancer: the registration and the sign-in
        assertFalse(served("POST", "/login-actions/required-action").isEmpty(), cluster.balancer().served().toString());
        assertFalse(served("POST", "/login-actions/authenticate").isEmpty(), cluster.balancer().served().toString());
    }
}
