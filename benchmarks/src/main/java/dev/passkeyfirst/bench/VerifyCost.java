package dev.passkeyfirst.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The ES256 verification cost per JDK ({@link Es256Microbench} run by each JDK's own java), so the
 * sign-in table can be read beside what one signature check costs on the JDK that ran Keycloak.
 */
final class VerifyCost {

    private static final Pattern LINE = Pattern.compile("es256 (\\S+) verify_us=([0-9.]+) key_and_verify_us=([0-9.]+)");

    record Result(String jdk, String version, double verifyMicros, double keyAndVerifyMicros, boolean keycloaks) {
    }

    private VerifyCost() {
    }

    /** The JDKs to measure: Keycloak's first, then the others asked for (or found), each real path once. */
    static List<Path> jdks(Options o) {
        List<Path> out = new ArrayList<>();
        out.add(o.jdk != null ? o.jdk : Path.of(System.getProperty("java.home")));
        List<Path> others = o.microJdks;
        if (others.isEmpty()) {
            try (Stream<Path> s = Files.list(Path.of("/usr/lib/jvm"))) {
                others = s.filter(p -> Files.isExecutable(p.resolve("bin/java"))).sorted().toList();
            } catch (IOException none) {
                others = List.of();
            }
        }
        out.addAll(others);
        Map<Path, Path> byReal = new LinkedHashMap<>();
        for (Path p : out) {
            try {
                byReal.putIfAbsent(p.resolve("bin/java").toRealPath(), p);
            } catch (IOException gone) {
                // not a JDK after all
            }
        }
        return List.copyOf(byReal.values());
    }

    static List<Result> measure(Options o) throws IOException, InterruptedException {
        String classes = Path.of(Es256Microbench.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        List<Result> out = new ArrayList<>();
        List<Path> jdks = jdks(o);
        for (int i = 0; i < jdks.size(); i++) {
            Path jdk = jdks.get(i);
            Process p = new ProcessBuilder(jdk.resolve("bin/java").toString(), "-cp", classes, Es256Microbench.class.getName(), "3", "7")
                    .redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                System.out.println("    " + jdk + ": the microbenchmark did not run: " + text.strip());
                continue;
            }
            Matcher m = LINE.matcher(text);
            if (!m.find()) continue;
            Result r = new Result(jdk.toString(), m.group(1), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)), i == 0);
            System.out.printf("    %-45s %-28s verify %7.1f µs, key from coordinates + verify %7.1f µs%s%n", r.jdk(), r.version(),
                    r.verifyMicros(), r.keyAndVerifyMicros(), r.keycloaks() ? "  (Keycloak's JDK in this run)" : "");
            out.add(r);
        }
        return out;
    }
}
