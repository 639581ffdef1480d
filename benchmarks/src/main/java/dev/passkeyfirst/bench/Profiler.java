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

    /**
     * The request a sample's thread was serving, by the Keycloak class its stack passes through. Every
     * sign-in, ours or Keycloak's, makes the same three requests; their commit runs in a response filter
     * after the endpoint returned, so it is a part of its own (whichever request it ends).
     */
    private static final Map<String, String> PARTS = new LinkedHashMap<>();

    static {
        PARTS.put("org.keycloak.protocol.oidc.endpoints.AuthorizationEndpoint", "sign-in page (authorization request)");
        PARTS.put("org.keycloak.services.resources.LoginActionsService", "sign-in POST (login-actions)");
        PARTS.put("org.keycloak.protocol.oidc.endpoints.TokenEndpoint", "code to tokens (token request)");
        PARTS.put("org.keycloak.quarkus.runtime.integration.jaxrs.CloseSessionFilter", "commit of any request");
    }

    static final String PART_HTTP = "HTTP outside the endpoints (Vert.x, Quarkus)";
    static final String PART_CUT = "stack cut before its request showed";
    static final String PART_OTHER = "background (expiry tasks, JDK)";

    /** JFR keeps 64 frames by default, too few to reach a Keycloak request's endpoint; set on Keycloak's JVM with --profile. */
    static final String STACK_DEPTH = "-XX:FlightRecorderOptions:stackdepth=512";

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
    record Profile(String scenario, String text, int samples, Map<String, Integer> exclusive, Map<String, Integer> parts,
                   double cpuMsPerSignIn) {

        double msPerSignIn(String area) {
            return samples == 0 ? 0 : cpuMsPerSignIn * exclusive.getOrDefault(area, 0) / samples;
        }

        double partMsPerSignIn(String part) {
            return samples == 0 ? 0 : cpuMsPerSignIn * parts.getOrDefault(part, 0) / samples;
        }
    }

    static final String OTHER = "other (JDK, Keycloak's flow, sessions, Quarkus)";

    static Profile summarize(Path jfr, String scenario, String title, double cpuMsPerSignIn) throws IOException {
        int samples = 0;
        Map<String, Integer> areas = new HashMap<>();
        Map<String, Integer> exclusive = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        Map<String, Integer> parts = new HashMap<>();
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
            parts.merge(partOf(frames, e.getStackTrace().isTruncated()), 1, Integer::sum);
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
        b.append("  each sample in the request its thread was serving, as ms of server CPU per sign-in:\n");
        parts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
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
        return new Profile(scenario, b.toString(), samples, exclusive, parts, cpuMsPerSignIn);
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

    /**
     * The same difference by request: whether it lies in what only the scenarios' own steps do (the
     * page and its POST) or in what every sign-in does alike (the token request, the commit).
     */
    static String partGap(Profile a, Profile b) {
        Set<String> all = new java.util.TreeSet<>(a.parts().keySet());
        all.addAll(b.parts().keySet());
        StringBuilder s = new StringBuilder("per request:");
        all.stream().sorted(java.util.Comparator.comparingDouble((String part) -> -(a.partMsPerSignIn(part) - b.partMsPerSignIn(part))))
                .forEach(part -> s.append(String.format(Locale.ROOT, " %s %.2f vs %.2f (%+.2f);", part, a.partMsPerSignIn(part),
                        b.partMsPerSignIn(part), a.partMsPerSignIn(part) - b.partMsPerSignIn(part))));
        return s.toString();
    }

    static String partOf(List<RecordedFrame> frames, boolean truncated) {
        boolean http = false;
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            for (Map.Entry<String, String> en : PARTS.entrySet()) {
                if (type.startsWith(en.getKey())) return en.getValue();
            }
            if (type.startsWith("io.vertx.") || type.startsWith("io.netty.") || type.startsWith("io.quarkus.")) http = true;
        }
        if (truncated) return PART_CUT;
        return http ? PART_HTTP : PART_OTHER;
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
