package dev.passkeyfirst.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where Keycloak's CPU goes during a scenario: a JDK Flight Recorder profile of the Keycloak JVM
 * (started and stopped with jcmd), summarized from its execution samples by the areas of code a
 * sample's stack passes through, and by the hottest methods of our own code.
 */
final class Profiler {

    /** Areas of code, first match of a frame's class name prefix. A sample counts once per area on its stack. */
    private static final Map<String, List<String>> AREAS = new LinkedHashMap<>();

    static {
        AREAS.put("our code (dev.passkeyfirst)", List.of("dev.passkeyfirst."));
        AREAS.put("webauthn4j", List.of("com.webauthn4j."));
        AREAS.put("EC signature check", List.of("sun.security.ec."));
        AREAS.put("password hashing (Argon2)", List.of("org.bouncycastle.crypto.generators.Argon2", "org.keycloak.credential.hash."));
        AREAS.put("FreeMarker pages", List.of("freemarker."));
        AREAS.put("Hibernate, JDBC, database", List.of("org.hibernate.", "org.h2.", "org.postgresql.", "io.agroal."));
        AREAS.put("Infinispan caches", List.of("org.infinispan."));
        AREAS.put("token signing and JOSE", List.of("org.keycloak.jose.", "org.keycloak.crypto.", "sun.security.rsa."));
        AREAS.put("Jackson JSON", List.of("com.fasterxml.jackson."));
        AREAS.put("HTTP (Vert.x, Netty, RESTEasy)", List.of("io.vertx.", "io.netty.", "org.jboss.resteasy."));
    }

    private final long pid;
    private final Path dir;

    Profiler(long pid, Path dir) {
        this.pid = pid;
        this.dir = dir;
    }

    void start() throws IOException, InterruptedException {
        jcmd("JFR.start", "name=pkf-bench", "settings=profile");
    }

    Path stop(String name) throws IOException, InterruptedException {
        Path file = dir.resolve("profile-" + name + ".jfr").toAbsolutePath();
        jcmd("JFR.stop", "name=pkf-bench", "filename=" + file);
        return file;
    }

    private void jcmd(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("jcmd", Long.toString(pid)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("jcmd " + String.join(" ", args) + ": " + out);
    }

    static String summarize(Path jfr, String title) throws IOException {
        int samples = 0;
        Map<String, Integer> areas = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) continue;
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.isEmpty()) continue;
            samples++;
            self.merge(method(frames.get(0)), 1, Integer::sum);
            Set<String> seenAreas = new HashSet<>();
            Set<String> seenOurs = new HashSet<>();
            for (RecordedFrame f : frames) {
                String type = f.getMethod().getType().getName();
                AREAS.forEach((area, prefixes) -> {
                    if (prefixes.stream().anyMatch(type::startsWith)) seenAreas.add(area);
                });
                if (type.startsWith("dev.passkeyfirst.")) seenOurs.add(method(f));
            }
            seenAreas.forEach(a -> areas.merge(a, 1, Integer::sum));
            seenOurs.forEach(m -> ours.merge(m, 1, Integer::sum));
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Profile of %s (%d samples, %s):%n", title, samples, jfr.getFileName()));
        final int total = Math.max(1, samples);
        b.append("  share of samples whose stack passes through:\n");
        areas.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(en -> b.append(String.format(Locale.ROOT, "    %5.1f %%  %s%n", 100.0 * en.getValue() / total, en.getKey())));
        b.append("  hottest methods (self):\n");
        self.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
                .forEach(en -> b.append(String.format(Locale.ROOT, "    %5.1f %%  %s%n", 100.0 * en.getValue() / total, en.getKey())));
        if (!ours.isEmpty()) {
            b.append("  our methods (including what they call):\n");
            ours.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
                    .forEach(en -> b.append(String.format(Locale.ROOT, "    %5.1f %%  %s%n", 100.0 * en.getValue() / total, en.getKey())));
        }
        return b.toString();
    }

    private static String method(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName() + " (" + type.substring(0, Math.max(0, type.lastIndexOf('.'))) + ")";
    }
}
