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

    /** Areas of code: a frame belongs to the first area one of whose class name prefixes it starts with. */
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
        AREAS.put("Keycloak events (store, listeners)", List.of("org.keycloak.events."));
        AREAS.put("Keycloak sessions and models", List.of("org.keycloak.models."));
        // after the narrower org.keycloak areas above: the first matching area names a frame
        AREAS.put("Keycloak flows, protocol, themes", List.of("org.keycloak."));
        AREAS.put("HTTP (Vert.x, Netty, RESTEasy, Quarkus)", List.of("io.vertx.", "io.netty.", "org.jboss.resteasy.", "io.quarkus."));
    }

    private final long pid;
    private final Path dir;

    Profiler(long pid, Path dir) {
        this.pid = pid;
        this.dir = dir;
    }

    void start() throws IOException, InterruptedException {
        // one sample per 2 ms of a running thread rather than the preset's 10 to 20: a scenario's profile
        // then holds thousands of samples, and differences of a tenth of a millisecond per sign-in show
        jcmd("JFR.start", "name=pkf-bench", "settings=profile", "jdk.ExecutionSample#period=2ms");
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

    /**
     * One scenario's profile. {@code exclusive}: each sample counted once, in the area of the frame
     * nearest the top of its stack that belongs to one (a HashMap lookup inside Hibernate inside our
     * code is Hibernate's), "other" when none does; so the shares add up to the whole and can be
     * turned into milliseconds of the step's measured server CPU per sign-in.
     */
    record Profile(String scenario, String text, int samples, Map<String, Integer> exclusive, double cpuMsPerSignIn) {

        double msPerSignIn(String area) {
            return samples == 0 ? 0 : cpuMsPerSignIn * exclusive.getOrDefault(area, 0) / samples;
        }
    }

    static final String OTHER = "other (JDK, Keycloak's flow, sessions, Quarkus)";

    static Profile summarize(Path jfr, String scenario, String title, double cpuMsPerSignIn) throws IOException {
        int samples = 0;
        Map<String, Integer> areas = new HashMap<>();
        Map<String, Integer> exclusive = new HashMap<>();
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
            String nearest = null;
            for (RecordedFrame f : frames) {
                String type = f.getMethod().getType().getName();
                String area = areaOf(type);
                if (area != null) {
                    seenAreas.add(area);
                    if (nearest == null) nearest = area;
                }
                if (type.startsWith("dev.passkeyfirst.")) seenOurs.add(method(f));
            }
            exclusive.merge(nearest == null ? OTHER : nearest, 1, Integer::sum);
            seenAreas.forEach(a -> areas.merge(a, 1, Integer::sum));
            seenOurs.forEach(m -> ours.merge(m, 1, Integer::sum));
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Profile of %s (%d samples, %s; %.2f ms of server CPU per sign-in while recording):%n",
                title, samples, jfr.getFileName(), cpuMsPerSignIn));
        final int total = Math.max(1, samples);
        b.append("  each sample in the area nearest the top of its stack, as ms of server CPU per sign-in:\n");
        exclusive.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(en -> b.append(String.format(Locale.ROOT, "    %5.1f %%  %5.2f ms  %s%n", 100.0 * en.getValue() / total,
                        cpuMsPerSignIn * en.getValue() / total, en.getKey())));
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
        return new Profile(scenario, b.toString(), samples, exclusive, cpuMsPerSignIn);
    }

    /**
     * Why {@code a} costs more server CPU per sign-in than {@code b}, from their profiles: the areas
     * whose milliseconds per sign-in differ most, largest first. A sampling profile of a few hundred
     * samples per scenario: differences under about a tenth of a millisecond are noise.
     */
    static String gap(Profile a, Profile b) {
        Set<String> all = new java.util.TreeSet<>(a.exclusive().keySet());
        all.addAll(b.exclusive().keySet());
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "profile: %s %.2f ms vs %s %.2f ms of server CPU per sign-in (%+.2f):",
                a.scenario(), a.cpuMsPerSignIn(), b.scenario(), b.cpuMsPerSignIn(), a.cpuMsPerSignIn() - b.cpuMsPerSignIn()));
        all.stream().sorted(java.util.Comparator.comparingDouble((String area) -> -(a.msPerSignIn(area) - b.msPerSignIn(area))))
                .filter(area -> Math.abs(a.msPerSignIn(area) - b.msPerSignIn(area)) >= 0.1)
                .forEach(area -> s.append(String.format(Locale.ROOT, " %s %+.2f;", area, a.msPerSignIn(area) - b.msPerSignIn(area))));
        return s.toString();
    }

    private static String areaOf(String type) {
        for (Map.Entry<String, List<String>> en : AREAS.entrySet()) {
            if (en.getValue().stream().anyMatch(type::startsWith)) return en.getKey();
        }
        return null;
    }

    private static String method(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName() + " (" + type.substring(0, Math.max(0, type.lastIndexOf('.'))) + ")";
    }
}
