package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.passkeyfirst.it.harness.KeycloakServer;
import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.it.harness.TestRealm;
import org.junit.jupiter.api.Test;

/**
 * {@code docker/configure-realm.sh}, which the demo runs after its import, really puts the
 * fallback-session mapper on the realm's "roles" scope and our event listeners beside the realm's
 * own, and running it again adds nothing.
 */
class ConfigureRealmScriptTest extends ServerTest {

    @Test
    void theScriptAddsTheFallbackMapperAndListenersOnceThroughKeycloaksAdminCli() throws Exception {
        var scope = realm.resource.clientScopes().findAll().stream().filter(s -> "roles".equals(s.getName())).findFirst().orElseThrow();
        var mappers = realm.resource.clientScopes().get(scope.getId()).getProtocolMappers();
        // the harness adds it to every realm; take it away to see the script put it back
        mappers.getMappers().stream().filter(m -> TestRealm.FALLBACK_MAPPER.equals(m.getProtocolMapper()))
                .forEach(m -> mappers.delete(m.getId()));
        assertEquals(0, count(mappers));
        // a realm from before the pack: its own listener only
        var rep = realm.resource.toRepresentation();
        rep.setEventsListeners(List.of("jboss-logging"));
        realm.resource.update(rep);

        String first = run();
        assertTrue(first.contains("added to the 'roles' client scope"), first);
        assertTrue(first.contains("event listeners pkf-fallback-limits pkf-passkey-notices added"), first);
        assertEquals(1, count(mappers));
        assertEquals(java.util.Set.of("jboss-logging", ProviderIds.FALLBACK_LIMITS_LISTENER, ProviderIds.PASSKEY_NOTICES_LISTENER),
                java.util.Set.copyOf(realm.resource.toRepresentation().getEventsListeners()));
        String second = run();
        assertTrue(second.contains("fallback session limits already in place") && second.contains("event listeners already in place"), second);
        assertEquals(1, count(mappers));
        assertEquals(3, realm.resource.toRepresentation().getEventsListeners().size());
    }

    private static long count(org.keycloak.admin.client.resource.ProtocolMappersResource mappers) {
        return mappers.getMappers().stream().filter(m -> TestRealm.FALLBACK_MAPPER.equals(m.getProtocolMapper())).count();
    }

    private String run() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("bash", "../docker/configure-realm.sh", server.home().toString(),
                KeycloakServer.URL, realm.name, "admin", "admin")).redirectErrorStream(true).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("configure-realm.sh did not finish");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
