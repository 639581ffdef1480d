package dev.passkeyfirst.bench;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passkeyfirst.testsupport.SoftAuthenticator;

/**
 * A real deployment's population, written straight into Keycloak's database while Keycloak is stopped
 * (issue 22, item 1): accounts each holding 1 to 5 passkeys in the mix a consumer realm sees (synced
 * passkeys of the big providers, device-bound platform passkeys, security keys that count their
 * signatures), with Keycloak's rows (user, default roles, password, one credential per passkey) and ours
 * (one {@code PKF_PASSKEY} and one {@code PKF_CREDENTIAL_ID} row per passkey), by JDBC batches of a
 * thousand accounts.
 *
 * <p>Nothing is invented about the rows' shape: every row is a copy of a row that the real ceremonies
 * wrote for an enrolled account (the template), with only the values that make it another account's
 * changed: ids, names, timestamps, and in the credential's JSON the credential id, public key, AAGUID,
 * counter and transports. The password is the template's hash, so every seeded account has the
 * template account's password (the same Argon2id cost). The JDBC drivers are the distribution's own.
 */
final class Population {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 1000;
    /** Passkeys per account, 1 to 5: most hold one or two. */
    private static final double[] PASSKEYS = {0.35, 0.30, 0.18, 0.11, 0.06};

    /** One kind of authenticator in the mix, with its share of passkeys. */
    enum Kind {
        GOOGLE("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4", "Google Password Manager", true, false, "hybrid,internal", 0.30),
        ICLOUD("fbfc3007-154e-4ecc-8c0b-6e020557d7bd", "iCloud Keychain", true, false, "hybrid,internal", 0.22),
        PASSWORD_MANAGER("bada5566-a7aa-401f-bd96-45619a55120d", "1Password", true, false, "hybrid,internal", 0.08),
        WINDOWS_HELLO("08987058-cadc-4b81-b6e1-30de50dcbe96", "Windows Hello", false, false, "internal", 0.20),
        YUBIKEY("cb69481e-8ff7-4039-93ec-0a2729a154a8", "YubiKey 5", false, true, "nfc,usb", 0.20);

        final String aaguid;
        final String label;
        final boolean synced;
        final boolean counts;
        final String transports;
        final double share;

        Kind(String aaguid, String label, boolean synced, boolean counts, String transports, double share) {
            this.aaguid = aaguid;
            this.label = label;
            this.synced = synced;
            this.counts = counts;
            this.transports = transports;
            this.share = share;
        }
    }

    record Seeded(List<BenchUser> users, long seconds, Map<String, Integer> passkeysByKind, int passkeys) {
    }

    private final Path distribution;
    private final Database postgres;

    Population(Path distribution, Database postgres) {
        this.distribution = distribution;
        this.postgres = postgres;
    }

    /**
     * Adds accounts {@code first} to {@code last} (indexes of {@link BenchUser}) to the realm, modelled on
     * {@code template}, an enrolled account with a password and a passkey. Keycloak must be stopped.
     */
    Seeded seed(String realmName, String rpId, BenchUser template, int first, int last) throws Exception {
        long t0 = System.nanoTime();
        SplittableRandom random = new SplittableRandom(22);
        // the accounts and their keys first (key generation is the slow part, and parallel)
        int count = last - first + 1;
        long[] seeds = new long[count];
        int[] sizes = new int[count];
        for (int i = 0; i < count; i++) {
            seeds[i] = random.nextLong();
            sizes[i] = pick(random, PASSKEYS) + 1;
        }
        List<Account> accounts = IntStream.range(0, count).parallel()
                .mapToObj(i -> Account.make(first + i, sizes[i], new SplittableRandom(seeds[i]), template.password)).toList();

        Map<String, Integer> byKind = new LinkedHashMap<>();
        int passkeys = 0;
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            String realmId = one(c, "select ID from REALM where NAME = ?", realmName);
            Row user = Row.of(c, "select * from USER_ENTITY where ID = ?", template.id);
            Row password = Row.of(c, "select * from CREDENTIAL where USER_ID = ? and TYPE = 'password'", template.id);
            Row credential = Row.of(c, "select * from CREDENTIAL where USER_ID = ? and TYPE = 'webauthn-passwordless' order by PRIORITY", template.id);
            Row ours = Row.of(c, "select * from PKF_PASSKEY where ID = ?", credential.get("ID"));
            List<String> roles = all(c, "select ROLE_ID from USER_ROLE_MAPPING where USER_ID = ?", template.id);
            ObjectNode credentialData = (ObjectNode) JSON.readTree((String) credential.get("CREDENTIAL_DATA"));
            if (!realmId.equals(user.get("REALM_ID"))) throw new IllegalStateException("template account not in realm " + realmName);

            try (PreparedStatement users = c.prepareStatement(user.insert("USER_ENTITY"));
                 PreparedStatement credentials = c.prepareStatement(password.insert("CREDENTIAL"));
                 PreparedStatement records = c.prepareStatement(ours.insert("PKF_PASSKEY"));
                 PreparedStatement indexed = c.prepareStatement("insert into PKF_CREDENTIAL_ID (ID, REALM_ID, USER_ID, CREDENTIAL_ID_HASH)"
                         + " values (?, ?, ?, ?)");
                 PreparedStatement mappings = c.prepareStatement("insert into USER_ROLE_MAPPING (ROLE_ID, USER_ID) values (?, ?)")) {
                long now = System.currentTimeMillis();
                int inBatch = 0;
                for (Account a : accounts) {
                    a.user.id = UUID.randomUUID().toString();
                    user.bind(users, Map.of("ID", a.user.id, "USERNAME", a.user.username, "EMAIL", a.user.username,
                            "EMAIL_CONSTRAINT", a.user.username, "FIRST_NAME", "Bench", "LAST_NAME", "User " + a.user.index,
                            "CREATED_TIMESTAMP", now));
                    users.addBatch();
                    for (String role : roles) {
                        mappings.setString(1, role);
                        mappings.setString(2, a.user.id);
                        mappings.addBatch();
                    }
                    password.bind(credentials, Map.of("ID", UUID.randomUUID().toString(), "USER_ID", a.user.id, "CREATED_DATE", now));
                    credentials.addBatch();
                    Map<String, Integer> labels = new HashMap<>();
                    List<String> credentialIds = new ArrayList<>();
                    for (int k = 0; k < a.keys.size(); k++) credentialIds.add(UUID.randomUUID().toString());
                    // a deployment that has run a while: every provider was told the account as it is
                    String told = signalDigest(rpId, a.user.id, a.user.username, "Bench User " + a.user.index, credentialIds);
                    for (int k = 0; k < a.keys.size(); k++) {
                        SoftAuthenticator key = a.keys.get(k);
                        Kind kind = a.kinds.get(k);
                        key.userHandle = a.user.id.getBytes(StandardCharsets.UTF_8);
                        String id = credentialIds.get(k);
                        int n = labels.merge(kind.label, 1, Integer::sum);
                        long counter = kind.counts ? key.counter : 0;
                        ObjectNode data = credentialData.deepCopy();
                        data.put("aaguid", kind.aaguid);
                        data.put("credentialId", Base64.getEncoder().encodeToString(key.credentialId));
                        data.put("credentialPublicKey", Base64.getEncoder().encodeToString(key.cosePublicKey()));
                        data.put("counter", counter);
                        data.putArray("transports").addAll(Stream.of(kind.transports.split(",")).map(JSON.getNodeFactory()::textNode).toList());
                        credential.bind(credentials, Map.of("ID", id, "USER_ID", a.user.id, "CREATED_DATE", now,
                                "USER_LABEL", n == 1 ? kind.label : kind.label + " (" + n + ")",
                                "CREDENTIAL_DATA", JSON.writeValueAsString(data), "PRIORITY", 20 + 10 * k));
                        credentials.addBatch();
                        Map<String, Object> record = new HashMap<>();
                        record.put("ID", id);
                        record.put("USER_ID", a.user.id);
                        record.put("CREDENTIAL_ID_HASH", sha256(key.credentialId));
                        record.put("AAGUID", kind.aaguid);
                        record.put("BACKUP_ELIGIBLE", kind.synced);
                        record.put("BACKUP_STATE", kind.synced);
                        record.put("TRANSPORTS", kind.transports);
                        record.put("CREATED_AT", now);
                        record.put("LAST_USED_AT", now - 86_400_000L);
                        record.put("SIGN_COUNT", counter);
                        record.put("SIGNALLED", told);
                        ours.bind(records, record);
                        records.addBatch();
                        // what Keycloak's credential provider notes as it stores a WebAuthn credential
                        indexed.setString(1, id);
                        indexed.setString(2, realmId);
                        indexed.setString(3, a.user.id);
                        indexed.setString(4, sha256(key.credentialId));
                        indexed.addBatch();
                        byKind.merge(kind.name(), 1, Integer::sum);
                        passkeys++;
                    }
                    if (++inBatch == BATCH) {
                        flush(c, users, mappings, credentials, records, indexed);
                        inBatch = 0;
                    }
                }
                flush(c, users, mappings, credentials, records, indexed);
            }
        }
        List<BenchUser> out = accounts.stream().map(a -> a.user).toList();
        return new Seeded(out, (System.nanoTime() - t0) / 1_000_000_000L, byKind, passkeys);
    }

    /** One seeded account: the BenchUser the driver signs in as, and its authenticators in the database's order. */
    private record Account(BenchUser user, List<SoftAuthenticator> keys, List<Kind> kinds) {

        static Account make(int index, int size, SplittableRandom random, String password) {
            List<SoftAuthenticator> keys = new ArrayList<>();
            List<Kind> kinds = new ArrayList<>();
            double[] shares = Stream.of(Kind.values()).mapToDouble(k -> k.share).toArray();
            SoftAuthenticator passkey = null;
            SoftAuthenticator securityKey = null;
            for (int k = 0; k < size; k++) {
                Kind kind = Kind.values()[pick(random, shares)];
                SoftAuthenticator key = new SoftAuthenticator();
                System.arraycopy(uuidBytes(kind.aaguid), 0, key.aaguid, 0, 16);
                key.flags = SoftAuthenticator.UP | SoftAuthenticator.UV | (kind.synced ? SoftAuthenticator.BE | SoftAuthenticator.BS : 0);
                // a counting key has been used before: its counter is somewhere in its life
                key.counter = kind.counts ? 1 + random.nextInt(500) : 0;
                keys.add(key);
                kinds.add(kind);
                if (!kind.counts && passkey == null) passkey = key;
                if (kind.counts && securityKey == null) securityKey = key;
            }
            return new Account(new BenchUser(index, password, passkey, securityKey, size), keys, kinds);
        }
    }

    private static void flush(Connection c, PreparedStatement... batches) throws SQLException {
        for (PreparedStatement p : batches) p.executeBatch();
        c.commit();
    }

    /** A row read from a table, to be written again with some columns changed. */
    private record Row(List<String> columns, Map<String, Object> values) {

        static Row of(Connection c, String sql, Object key) throws SQLException {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setObject(1, key);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) throw new IllegalStateException("no row for " + sql + " with " + key);
                    ResultSetMetaData md = rs.getMetaData();
                    List<String> columns = new ArrayList<>();
                    Map<String, Object> values = new HashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        String name = md.getColumnName(i).toUpperCase(Locale.ROOT);
                        columns.add(name);
                        Object v = rs.getObject(i);
                        // H2 hands text columns (credential data, secrets) out as CLOBs: keep their text
                        if (v instanceof java.sql.Clob clob) v = clob.getSubString(1, (int) clob.length());
                        values.put(name, v);
                    }
                    return new Row(columns, values);
                }
            }
        }

        Object get(String column) {
            return values.get(column);
        }

        String insert(String table) {
            return "insert into " + table + " (" + String.join(", ", columns) + ") values ("
                    + String.join(", ", columns.stream().map(x -> "?").toList()) + ")";
        }

        /** This row's values, {@code changed} ones replaced (a key with a null value writes NULL). */
        void bind(PreparedStatement p, Map<String, Object> changed) throws SQLException {
            for (int i = 0; i < columns.size(); i++) {
                String col = columns.get(i);
                p.setObject(i + 1, changed.containsKey(col) ? changed.get(col) : values.get(col));
            }
        }
    }

    /**
     * The account history's size after the run, Keycloak stopped: its rows and, on PostgreSQL, the
     * table's bytes with its indexes (what docs/production.md quotes per million sign-ins).
     */
    Map<String, Object> activitySize() throws Exception {
        Map<String, Object> size = new java.util.LinkedHashMap<>();
        try (Connection c = connect(); var s = c.createStatement()) {
            try (var r = s.executeQuery("select count(*) from PKF_ACTIVITY")) {
                r.next();
                size.put("activityRows", r.getLong(1));
            }
            if (postgres != null) {
                // dead tuples of the retention's deletes would count too: measure what the rows take
                s.execute("vacuum full pkf_activity");
                try (var r = s.executeQuery("select pg_total_relation_size('pkf_activity'), pg_relation_size('pkf_activity')")) {
                    r.next();
                    size.put("activityBytesWithIndexes", r.getLong(1));
                    size.put("activityBytesTable", r.getLong(2));
                }
            }
        }
        return size;
    }

    private Connection connect() throws Exception {
        Path lib = distribution.resolve("lib/lib/main");
        Properties props = new Properties();
        String url;
        String driverClass;
        String jarPrefix;
        if (postgres != null) {
            url = postgres.jdbcUrl() + "?reWriteBatchedInserts=true";
            driverClass = "org.postgresql.Driver";
            jarPrefix = "org.postgresql.postgresql-";
            props.setProperty("user", "postgres");
            props.setProperty("password", "postgres");
        } else {
            // Keycloak's dev-file database (kc.sh start --db=dev-file), opened while Keycloak is stopped
            url = "jdbc:h2:file:" + distribution.toAbsolutePath().resolve("data/h2/keycloakdb") + ";NON_KEYWORDS=VALUE";
            driverClass = "org.h2.Driver";
            jarPrefix = "com.h2database.h2-";
            // kc.sh's dev-file database has no user name or password of its own
            props.setProperty("user", "");
            props.setProperty("password", "");
        }
        Path jar;
        try (Stream<Path> s = Files.list(lib)) {
            jar = s.filter(p -> p.getFileName().toString().startsWith(jarPrefix)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + jarPrefix + "*.jar in " + lib));
        }
        // the distribution's own driver, the version Keycloak writes the database with
        URLClassLoader loader = new URLClassLoader(new URL[]{jar.toUri().toURL()}, Population.class.getClassLoader());
        Driver driver = (Driver) Class.forName(driverClass, true, loader).getDeclaredConstructor().newInstance();
        Connection c = driver.connect(url, props);
        if (c == null) throw new IllegalStateException("driver " + driverClass + " refused " + url);
        return c;
    }

    private static String one(Connection c, String sql, Object key) throws SQLException {
        List<String> all = all(c, sql, key);
        if (all.isEmpty()) throw new IllegalStateException("nothing for " + sql + " with " + key);
        return all.get(0);
    }

    private static List<String> all(Connection c, String sql, Object key) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setObject(1, key);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        }
    }

    private static int pick(SplittableRandom random, double[] shares) {
        double total = 0;
        for (double s : shares) total += s;
        double r = random.nextDouble() * total;
        for (int i = 0; i < shares.length; i++) {
            r -= shares[i];
            if (r < 0) return i;
        }
        return shares.length - 1;
    }

    private static byte[] uuidBytes(String uuid) {
        UUID u = UUID.fromString(uuid);
        return java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
    }

    /**
     * What {@code webauthn.SignalDigest} stores once the Signal API page told a passkey's provider about an
     * account without pending passkeys (the same text, hashed the same way). Should the two ever differ,
     * the run shows it: every seeded account's first sign-in would go through the page (the "signal" column).
     */
    static String signalDigest(String rpId, String userId, String username, String displayName, List<String> credentialModelIds) {
        String text = "v1" + "\0" + rpId + "\0" + userId + "\0" + username + "\0" + displayName
                + "\0" + String.join(",", credentialModelIds.stream().sorted().toList()) + "\0";
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 18));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** As our table keys a credential: base64url SHA-256 of the raw credential id (CredentialIds.hash). */
    static String sha256(byte[] raw) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
