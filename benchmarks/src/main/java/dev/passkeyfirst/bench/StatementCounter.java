package dev.passkeyfirst.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the SQL statements one sign-in costs, from Hibernate's own statement log (category
 * {@code org.hibernate.SQL} at DEBUG logs every statement it sends through JDBC, batched ones one by
 * one), with Keycloak restarted for this alone so that logging never slows the measured runs.
 * Sign-ins run one at a time with nothing else on the server; each sign-in's statements are the
 * log records written from its first request until the log has been quiet for a while (Keycloak
 * writes some session data after the response). Each account first signs in once untimed, so the
 * count is that of a warm server, as in the measured runs.
 */
final class StatementCounter {

    private static final Pattern RECORD_START = Pattern.compile("^\\d{4}-\\d{2}-\\d{2} ", Pattern.MULTILINE);
    private static final Pattern TABLE = Pattern.compile("(?:\\bfrom|\\binto|^update)\\s+([A-Za-z_][A-Za-z0-9_]*)", Pattern.CASE_INSENSITIVE);
    private static final long QUIET_MILLIS = 700;
    private static final int ACCOUNTS = 5;

    /**
     * Statements of one scenario's sign-in: the most frequent count of five (Keycloak's periodic
     * session-refresh writes sometimes land inside one sign-in's window; every count is kept), and
     * the statements of such a sign-in by kind and table.
     */
    record Count(String scenario, int statements, List<Integer> perSignIn, Map<String, Integer> byStatement,
                 int coldStatements, List<Integer> coldPerSignIn, Map<String, Integer> coldByStatement) {
    }

    private record Typical(int statements, List<Integer> perSignIn, Map<String, Integer> byStatement) {
    }

    private final Path log;
    private final HttpClient http;
    private final String origin;

    StatementCounter(Path log, HttpClient http, String origin) {
        this.log = log;
        this.http = http;
        this.origin = origin;
    }

    /**
     * Warm: five accounts sign in twice, the second time counted, as in a run whose accounts all fit
     * Keycloak's user cache (10,000 by default). Cold: five other accounts' first sign-in since the
     * restart, as nearly every sign-in of a population far larger than that cache.
     */
    Count count(Scenario scenario, List<BenchUser> users) throws Exception {
        users = users.stream().filter(scenario::accepts).toList();
        for (int i = 0; i < ACCOUNTS; i++) signIn(scenario, users.get(i)); // warm: caches filled, as in a measured run
        awaitQuiet();
        Typical warm = measure(scenario, users.subList(0, ACCOUNTS));
        // from the far end of the list, a different stretch per scenario: seeded accounts no count has signed in since the restart
        int end = users.size() - ACCOUNTS * scenario.ordinal();
        Typical cold = measure(scenario, users.subList(end - ACCOUNTS, end));
        return new Count(scenario.id, warm.statements(), warm.perSignIn(), warm.byStatement(), cold.statements(), cold.perSignIn(),
                cold.byStatement());
    }

    private Typical measure(Scenario scenario, List<BenchUser> accounts) throws Exception {
        List<Integer> counts = new ArrayList<>();
        List<Map<String, Integer>> details = new ArrayList<>();
        for (BenchUser u : accounts) {
            long from = Files.size(log);
            signIn(scenario, u);
            long to = awaitQuiet();
            Map<String, Integer> statements = statements(read(from, to));
            counts.add(statements.values().stream().mapToInt(Integer::intValue).sum());
            details.add(statements);
        }
        int typical = counts.stream().sorted()
                .max(java.util.Comparator.comparingLong(c -> counts.stream().filter(c::equals).count())).orElseThrow();
        return new Typical(typical, counts, details.get(counts.indexOf(typical)));
    }

    private void signIn(Scenario scenario, BenchUser user) throws SignInFailure {
        SignIn signIn = new SignIn(http, origin, BenchRealm.NAME, scenario.clientId);
        signIn.recall(user);
        scenario.signIn(signIn, user);
        signIn.remember(user);
    }

    /** Waits until the log has not grown for a while; returns its size then. */
    private long awaitQuiet() throws IOException, InterruptedException {
        long size = Files.size(log);
        long quietSince = System.nanoTime();
        while ((System.nanoTime() - quietSince) / 1_000_000 < QUIET_MILLIS) {
            Thread.sleep(50);
            long now = Files.size(log);
            if (now != size) {
                size = now;
                quietSince = System.nanoTime();
            }
        }
        return size;
    }

    private String read(long from, long to) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            byte[] b = new byte[(int) (to - from)];
            f.seek(from);
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    /** "select USER_ENTITY" → 2, ... for every Hibernate SQL record in the text. */
    static Map<String, Integer> statements(String logText) {
        Map<String, Integer> out = new TreeMap<>();
        Matcher starts = RECORD_START.matcher(logText);
        List<Integer> offsets = new ArrayList<>();
        while (starts.find()) offsets.add(starts.start());
        offsets.add(logText.length());
        for (int i = 0; i + 1 < offsets.size(); i++) {
            String record = logText.substring(offsets.get(i), offsets.get(i + 1));
            int marker = record.indexOf("[org.hibernate.SQL]");
            if (marker < 0) continue;
            String sql = record.substring(record.indexOf(')', marker + 19) + 1).trim();
            out.merge(describe(sql), 1, Integer::sum);
        }
        return out;
    }

    /**
     * "select PKF_PASSKEY": the statement's kind and its outermost table. A subquery in the select list
     * ({@code select p, (select count(q) from B ...) from A}) names A, the table the statement reads.
     */
    static String describe(String sql) {
        String s = sql.replaceAll("\\s+", " ").trim();
        String flat;
        while (!(flat = s.replaceAll("\\([^()]*\\)", "#")).equals(s)) s = flat;
        String kind = s.split(" ", 2)[0].toLowerCase(Locale.ROOT);
        Matcher m = TABLE.matcher(kind.equals("update") ? s : s.substring(kind.length()));
        String table = kind.equals("update") ? (s.split(" ").length > 1 ? s.split(" ")[1] : "?") : (m.find() ? m.group(1) : "?");
        return kind + " " + table.toUpperCase(Locale.ROOT);
    }
}
