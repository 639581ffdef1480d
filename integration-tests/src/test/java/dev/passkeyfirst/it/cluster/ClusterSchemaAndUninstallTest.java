package dev.passkeyfirst.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import dev.passkeyfirst.it.browser.Flows;
import dev.passkeyfirst.it.harness.Browser;
import dev.passkeyfirst.it.harness.TestRealm;
import dev.passkeyfirst.it.http.HttpFlows;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.openqa.selenium.By;

/**
 * Issue 9, scenario 8: our Liquibase changesets create our table on PostgreSQL (beside Keycloak's
 * schema, with their own history table), a restart of both nodes applies nothing again, and once our
 * jars are removed from a node, a passkey our pack registered still signs in there through Keycloak's
 * own WebAuthn Passwordless step (DESIGN §3). The steps build on each other, hence the order; the
 * class leaves node B without our jars, hence {@link RunsLast}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@RunsLast
class ClusterSchemaAndUninstallTest extends ClusterTest {

    private static final String OUR_CHANGELOG = "META-INF/pkf-changelog-master.xml";
    private static final String EMAIL = "schema@example.org";

    private SoftAuthenticator softPasskey;

    @Test
    @Order(1)
    void liquibaseCreatedOurTablesOnPostgres() throws Exception {
        Shipped shipped = Shipped.read();
        assertTrue(shipped.tables().contains("PKF_PASSKEY"), shipped.toString());
        try (Connection c = cluster.jdbc()) {
            assertEquals("PostgreSQL", c.getMetaData().getDatabaseProductName());
            // every changeset we ship ran once, in order, recorded in our own history table
            assertEquals(shipped.changeSets(), strings(c, "select id from databasechangelog_pkf_entiti order by orderexecuted"));
            assertEquals(List.of("passkey-first"), strings(c, "select distinct author from databasechangelog_pkf_entiti"));
            // Keycloak's own history holds none of them
            assertEquals(List.of("0"), strings(c, "select count(*) from databasechangelog where author = 'passkey-first'"));
            for (String table : shipped.tables()) {
                assertEquals(List.of("1"), strings(c, "select count(*) from information_schema.tables where table_name = '"
                        + table.toLowerCase(java.util.Locale.ROOT) + "'"), table);
            }
            Set<String> columns = new TreeSet<>(strings(c, "select column_name from information_schema.columns where table_name = 'pkf_passkey'"));
            assertTrue(columns.containsAll(List.of("id", "realm_id", "user_id", "credential_id_hash", "aaguid", "backup_eligible", "backup_state",
                    "transports", "attestation_format", "enrollment", "enrolled_from", "created_at", "created_agent", "last_used_at",
                    "last_used_agent", "last_used_ip", "last_used_place")), columns.toString());
            assertTrue(strings(c, "select constraint_name from information_schema.table_constraints where table_name = 'pkf_passkey'"
                    + " and constraint_type = 'UNIQUE'").contains("uk_pkf_passkey_cred_id"));
            assertTrue(strings(c, "select indexname from pg_indexes where tablename = 'pkf_passkey'").contains("idx_pkf_passkey_user"));
            // no foreign key into Keycloak's tables (DESIGN §6): removing a user or the pack is never blocked by our rows
            assertEquals(List.of("0"), strings(c, "select count(*) from information_schema.table_constraints where table_name like 'pkf\\_%'"
                    + " and constraint_type = 'FOREIGN KEY'"));
        }
        // the first node to start on the empty database ran our changelog; the second found it done
        assertTrue(nodeA().logOfFirstStart().stream().anyMatch(l -> l.contains("Initializing database schema. Using changelog " + OUR_CHANGELOG)),
                "node A created our schema");
        assertFalse(nodeB().logOfFirstStart().stream().anyMatch(l -> l.contains("Using changelog " + OUR_CHANGELOG)),
                "node B applied nothing of ours");

        // the JPA mapping works on PostgreSQL: a passkey registered through the cluster has its row
        String userId = realm.createUser(EMAIL);
        softPasskey = new SoftAuthenticator();
        softPasskey.flags = SoftAuthenticator.UP | SoftAuthenticator.UV | SoftAuthenticator.BE | SoftAuthenticator.BS;
        WebClient.Page done = HttpFlows.register(realm, mailbox, userId, EMAIL, softPasskey);
        assertTrue(done.status() < 400, done.body());
        try (Connection c = cluster.jdbc()) {
            // BE=1, BS=1 as the authenticator reported them
            assertEquals(List.of("true true"), strings(c,
                    "select backup_eligible || ' ' || backup_state from pkf_passkey where user_id = '" + userId + "'"));
            // Keycloak's credential provider, ours in its place, noted the credential id in the index
            assertEquals(List.of(credentialIdHash(softPasskey.credentialId)), strings(c,
                    "select credential_id_hash from pkf_credential_id where user_id = '" + userId + "'"));
        }
    }

    @Test
    @Order(2)
    void aRestartOfBothNodesAppliesNothingAndKeepsEveryPasskey() throws SQLException {
        List<String> ourHistory = history("databasechangelog_pkf_entiti");
        List<String> keycloakHistory = history("databasechangelog");
        List<String> rows = passkeyRows();
        assertFalse(rows.isEmpty());
        // a passkey stored while the pack was not installed (straight into Keycloak's table), and an
        // index row whose credential was removed without its provider: a start puts both right
        SoftAuthenticator before = new SoftAuthenticator();
        String userId = realm.user(EMAIL).getId();
        String realmId = realm.resource.toRepresentation().getId();
        try (Connection c = cluster.jdbc(); Statement s = c.createStatement()) {
            s.executeUpdate("insert into credential (id, type, user_id, created_date, user_label, secret_data, credential_data, priority, version)"
                    + " values ('pkf-it-before-the-pack', 'webauthn-passwordless', '" + userId + "', 0, 'before the pack', '{}',"
                    + " '{\"credentialId\":\"" + java.util.Base64.getEncoder().encodeToString(before.credentialId) + "\",\"counter\":0}', 90, 0)");
            s.executeUpdate("insert into pkf_credential_id (id, realm_id, user_id, credential_id_hash) values"
                    + " ('pkf-it-removed-credential', '" + realmId + "', '" + userId + "', '" + "0".repeat(64) + "')");
        }

        cluster.restartAll();

        try (Connection c = cluster.jdbc(); Statement s = c.createStatement()) {
            assertEquals(List.of(credentialIdHash(before.credentialId)),
                    strings(c, "select credential_id_hash from pkf_credential_id where id = 'pkf-it-before-the-pack'"));
            assertEquals(List.of(), strings(c, "select id from pkf_credential_id where id = 'pkf-it-removed-credential'"));
            assertTrue(nodeA().logOfLastStart().stream().anyMatch(l -> l.matches(".*WebAuthn credential ids indexed: [1-9]\\d* noted, [1-9]\\d* stale removed.*")),
                    "the first node to start indexed the passkey from before the pack");
            s.executeUpdate("delete from credential where id = 'pkf-it-before-the-pack'");
            s.executeUpdate("delete from pkf_credential_id where id = 'pkf-it-before-the-pack'");
        }

        assertEquals(ourHistory, history("databasechangelog_pkf_entiti"), "our changesets ran once");
        assertEquals(keycloakHistory, history("databasechangelog"));
        assertEquals(rows, passkeyRows());
        for (ClusterNode n : cluster.nodes()) {
            assertFalse(n.logOfLastStart().stream().anyMatch(l -> l.contains("Using changelog " + OUR_CHANGELOG)),
                    n + " applied nothing of ours on restart");
        }
        // and the passkey signs in across the restarted nodes: page from B, assertion to A
        WebClient client = client();
        WebClient.Page login = via(client, nodeB()).get(realm.authUrl());
        WebClient.Page done = via(client, nodeA()).postNoFollow(login.formAction("pkf-assertion-form"),
                softPasskey.get(HttpFlows.rpId(login), login.origin(), HttpFlows.challenge(login)));
        assertTrue(HttpFlows.signedIn(done), done.body());
    }

    @Test
    @Order(3)
    void withoutOurJarsAPasskeyWeRegisteredSignsInThroughKeycloaksOwnStep() throws IOException {
        String email = "uninstall@example.org";
        String stockClient = realm.addStockPasswordlessClient();
        try (Browser b = new Browser()) {
            b.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
            b.withoutConditionalMediation();
            // registered by our create-passkey step, on either node
            Flows.enrollFromAdminEmail(b, realm, mailbox, email);
            String userId = realm.user(email).getId();
            assertEquals(1, passkeyRows().stream().filter(r -> r.contains(userId)).count(), "our row beside the credential");

            // the documented uninstall: built-in flows and themes back in the realm, then the jars go
            RealmRepresentation rep = realm.resource.toRepresentation();
            rep.setBrowserFlow("browser");
            rep.setRegistrationFlow("registration");
            rep.setResetCredentialsFlow("reset credentials");
            rep.setEventsListeners(rep.getEventsListeners().stream().filter(l -> !l.startsWith("pkf-")).toList());
            rep.setLoginTheme("keycloak.v2");
            rep.setEmailTheme("keycloak");
            realm.resource.update(rep);
            for (RequiredActionProviderRepresentation action : realm.resource.flows().getRequiredActions()) {
                if (action.getProviderId().startsWith("pkf-")) realm.resource.flows().removeRequiredAction(action.getAlias());
            }
            cluster.uninstallPack(nodeB());
            try (Stream<java.nio.file.Path> jars = Files.list(nodeB().home().resolve("providers"))) {
                assertEquals(List.of(), jars.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("pkf-")).toList());
            }
            List<String> authenticatorsOnB = nodeB().admin().serverInfo().getInfo().getProviders().get("authenticator").getProviders()
                    .keySet().stream().sorted().toList();
            assertFalse(authenticatorsOnB.contains("pkf-passkey-login"), "node B runs without our pack");
            assertTrue(authenticatorsOnB.contains("webauthn-authenticator-passwordless"));

            route(b, nodeB());
            b.clearCookies();
            cluster.balancer().forgetServed();
            b.open(realm.authUrl().replace("client_id=" + TestRealm.CLIENT_ID, "client_id=" + stockClient));
            b.waitForPage("login-login-username");
            b.type(By.id("username"), email);
            b.click(By.id("kc-login"));
            b.waitForPage("login-webauthn-authenticate");
            b.click(By.id("authenticateWebAuthnButton"));
            b.waitForUrlStarting(TestRealm.REDIRECT);
            assertTrue(b.driver.getCurrentUrl().contains("code="), b.driver.getCurrentUrl());
            assertTrue(cluster.balancer().served().stream().allMatch(s -> s.node().equals(nodeB().name)), cluster.balancer().served().toString());
            // removing the jars removed no data: the row is still there for a later reinstall
            assertEquals(1, passkeyRows().stream().filter(r -> r.contains(userId)).count());
        }
    }

    /** The changesets and tables our jar ships, read from its own changelogs on the test class path. */
    record Shipped(List<String> changeSets, List<String> tables) {
        static Shipped read() throws Exception {
            List<String> ids = new ArrayList<>();
            List<String> tables = new ArrayList<>();
            for (String file : attributes(OUR_CHANGELOG, "include", "file")) {
                ids.addAll(attributes(file, "changeSet", "id"));
                tables.addAll(attributes(file, "createTable", "tableName"));
            }
            return new Shipped(ids, tables);
        }

        private static List<String> attributes(String resource, String element, String attribute) throws Exception {
            try (var in = ClusterSchemaAndUninstallTest.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) throw new AssertionError(resource + " not on the class path (is pkf-providers a test dependency?)");
                var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
                factory.setNamespaceAware(true);
                var nodes = factory.newDocumentBuilder().parse(in).getElementsByTagNameNS("*", element);
                List<String> out = new ArrayList<>();
                for (int i = 0; i < nodes.getLength(); i++) out.add(((org.w3c.dom.Element) nodes.item(i)).getAttribute(attribute));
                return out;
            }
        }
    }

    private List<String> history(String table) throws SQLException {
        try (Connection c = cluster.jdbc()) {
            return strings(c, "select id || '|' || author || '|' || filename || '|' || md5sum || '|' || dateexecuted || '|' || orderexecuted"
                    + " from " + table + " order by orderexecuted, id");
        }
    }

    private List<String> passkeyRows() {
        try (Connection c = cluster.jdbc()) {
            return strings(c, "select id || '|' || user_id || '|' || credential_id_hash || '|' || created_at from pkf_passkey order by id");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As our tables key a credential id: SHA-256, base64url. */
    private static String credentialIdHash(byte[] raw) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(SoftAuthenticator.sha256(raw));
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) out.add(r.getString(1));
        }
        return out;
    }
}
