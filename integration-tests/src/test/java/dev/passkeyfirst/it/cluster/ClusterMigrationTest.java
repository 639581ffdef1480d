package dev.passkeyfirst.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passkeyfirst.it.harness.Tokens;
import dev.passkeyfirst.it.http.HttpFlows;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;

/**
 * Issue 18 on two nodes: the username step on one node, the password on the other, the automatic
 * upgrade's page from one and its passkey posted to the other, then the same passkey form replayed
 * at the first node: one passkey, whichever node answers (the upgrade's one-time claim is
 * Keycloak's cluster-wide single-use store, the state is the authentication session).
 */
class ClusterMigrationTest extends ClusterTest {

    @Test
    void aPasswordSignInAndItsUpgradeCrossNodesAndHappenOnce() {
        String email = "cluster-password@example.org";
        String userId = realm.createUser(email);
        realm.setPassword(userId, "Correct-Horse-7");

        WebClient client = client();
        WebClient.Page login = via(client, nodeA()).get(realm.authUrl());
        WebClient.Page step = via(client, nodeB()).post(login.formAction("pkf-username-form"), Map.of("username", email));
        assertNotNull(step.doc().getElementById("pkf-password-form"), step.body());
        WebClient.Page upgrade = via(client, nodeA()).post(step.formAction("pkf-password-form"),
                Map.of("password", "Correct-Horse-7", "pkf.caps", "create conditionalCreate"));
        assertEquals(Pages.id(Pages.PASSKEY_NUDGE), upgrade.pageId(), upgrade.body());

        SoftAuthenticator manager = new SoftAuthenticator();
        manager.flags = SoftAuthenticator.BE | SoftAuthenticator.BS;
        Map<String, String> form = HttpFlows.attestation(upgrade, manager, "");
        form.put("pkf.conditional", "1");
        WebClient.Page notice = via(client, nodeB()).post(upgrade.formAction("pkf-create-form"), form);
        assertNotNull(notice.doc().getElementById("pkf-upgraded"), notice.body());
        // the same answer again, at the other node: the tab is past it, and shows where it stands
        WebClient.Page again = via(client, nodeA()).post(upgrade.formAction("pkf-create-form"), form);
        assertTrue(again.status() < 500, again.body());
        List<CredentialRepresentation> passkeys = realm.resource.users().get(userId).credentials().stream()
                .filter(x -> x.getType().equals("webauthn-passwordless")).toList();
        assertEquals(1, passkeys.size());

        WebClient.Page current = again.doc().getElementById("pkf-upgraded-form") != null ? again : notice;
        WebClient.Page done = via(client, nodeA()).post(current.formAction("pkf-upgraded-form"), Map.of("pkf.continue", "1"));
        assertTrue(HttpFlows.signedIn(done), done.status() + " " + done.body());
        JsonNode token = Tokens.exchange(realm, done.location(), cluster.url(nodeB()));
        assertEquals("1", token.get("acr").asText(), "a password sign-in is level 1 on every node");
    }
}
