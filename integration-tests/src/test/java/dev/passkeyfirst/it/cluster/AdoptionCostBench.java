package dev.passkeyfirst.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * What the scheduled adoption count costs on PostgreSQL at 1,000 and at 100,000 accounts with 1-5
 * passkeys each (docs/production.md quotes it). Not part of the suite (the name does not end in
 * Test); run it alone with {@code -Dit.test=AdoptionCostBench}. Accounts are written straight into
 * Keycloak's and our tables, as a migration would, because a REST call per account would take hours.
 */
class AdoptionCostBench extends ClusterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] AAGUIDS = {
            "fbfc3007-154e-4ecc-8c0b-6e020557d7bd", // iCloud Keychain
            "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4", // Google Password Manager
            "08987058-cadc-4b81-b6e1-30de50dcbe96", // Windows Hello
            "cb69481e-8ff7-4039-93ec-0a2729a154a8", // YubiKey 5 Series
            "00000000-0000-0000-0000-000000000000"};

    @Test
    void countAtOneThousandAndAtOneHundredThousandAccounts() throws Exception {
        String realmId = cluster.admin().realm(realm.name).toRepresentation().getId();
        seed(realmId, 0, 1_000);
        List<Long> small = rounds();
        seed(realmId, 1_000, 100_000);
        List<Long> large = rounds();
        System.out.printf("ADOPTION COST on PostgreSQL: 1,000 accounts: median %d ms %s; 100,000 accounts: median %d ms %s%n",
                median(small), small, median(large), large);
        try (Connection c = cluster.jdbc(); Statement s = c.createStatement()) {
            for (String table : List.of("pkf_passkey", "credential", "user_entity", "pkf_adoption")) {
                try (ResultSet r = s.executeQuery("select pg_size_pretty(pg_total_relation_size('" + table + "')), count(*) from " + table)) {
                    r.next();
                    System.out.printf("  %s: %s rows, %s with indexes%n", table, r.getLong(2), r.getString(1));
                }
            }
        }
    }

    /** Five counts through the admin API of node A; the stored snapshot is dropped first so each one really counts. */
    private List<Long> rounds() throws Exception {
        String token = cluster.admin().tokenManager().getAccessTokenString();
        List<Long> millis = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 6; i++) {
            try (Connection c = cluster.jdbc(); Statement s = c.createStatement()) {
                s.executeUpdate("delete from pkf_adoption");
            }
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(cluster.url(nodeA()) + "/admin/realms/" + realm.name
                            + "/passkey-first/adoption/count")).header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            JsonNode a = JSON.readTree(r.body());
            // the first round warms PostgreSQL's caches and Keycloak's code paths
            if (i > 0) millis.add(a.get("countMillis").asLong());
            System.out.println("  count: " + r.body());
        }
        return millis;
    }

    private void seed(String realmId, int from, int to) throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = cluster.jdbc(); Statement s = c.createStatement()) {
            s.executeUpdate("insert into user_entity (id, email, email_constraint, email_verified, enabled, realm_id, username, created_timestamp, not_before)"
                    + " select 'bench-' || g, 'bench' || g || '@example.org', 'bench' || g || '@example.org', true, true, '" + realmId + "',"
                    + " 'bench' || g || '@example.org', 0, 0 from generate_series(" + (from + 1) + ", " + to + ") g");
            // 1 to 5 passkeys per account, three on average
            s.executeUpdate("insert into credential (id, type, user_id, created_date, user_label, secret_data, credential_data, priority, version)"
                    + " select 'bench-' || g || '-' || k, 'webauthn-passwordless', 'bench-' || g, 0, 'bench', '{}', '{}', 10, 0"
                    + " from generate_series(" + (from + 1) + ", " + to + ") g, generate_series(1, 1 + (g % 5)) k");
            StringBuilder aaguid = new StringBuilder("case (hashtext(c.id) & 7)");
            for (int i = 0; i < 8; i++) aaguid.append(" when ").append(i).append(" then '").append(AAGUIDS[i % AAGUIDS.length]).append("'");
            aaguid.append(" end");
            s.executeUpdate("insert into pkf_passkey (id, realm_id, user_id, credential_id_hash, aaguid, backup_eligible, backup_state, enrollment, created_at, sign_count)"
                    + " select c.id, '" + realmId + "', c.user_id, md5(c.id), " + aaguid + ", (hashtext(c.id) & 3) <> 3, (hashtext(c.id) & 3) <> 3,"
                    + " 'THIS_DEVICE', 0, 0 from credential c where c.id like 'bench-%' and c.user_id in"
                    + " (select 'bench-' || g from generate_series(" + (from + 1) + ", " + to + ") g)");
            // one account in a thousand is in a waiting recovery
            s.executeUpdate("insert into pkf_pending_passkey (id, realm_id, user_id, purpose, ceremony_id, credential_id_hash, credential_data, secret_data,"
                    + " label, backup_eligible, backup_state, created_at, expires_at, activate_at)"
                    + " select 'bench-p-' || g, '" + realmId + "', 'bench-' || g, 'RECOVERY', 'bench-' || g, md5('p' || g), '{}', '{}', 'recovered', true, true,"
                    + " 0, 9999999999999, 9999999999999 from generate_series(" + (from + 1) + ", " + to + ") g where g % 1000 = 0");
            s.execute("analyze");
        }
        System.out.printf("seeded accounts %d..%d in %d ms%n", from + 1, to, (System.nanoTime() - t0) / 1_000_000);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
