package dev.passkeyfirst.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @TempDir
    Path dir;

    private Options options(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--distribution", "d", "--jars", "j", "--install-script", "i",
                "--realm-template", "r", "--out", dir.toString(), "--vus", "8"));
        args.addAll(List.of(extra));
        return Options.parse(args.toArray(new String[0]));
    }

    /** 100 sign-ins in 10 s, with this much server CPU and this much used by other processes. */
    private static StepResult step(String scenario, int round, long serverCpuMs, long otherCpuMs) {
        long[] latencies = new long[100];
        java.util.Arrays.fill(latencies, 50_000);
        return new StepResult(scenario, 8, round, 10, 100, Map.of(), serverCpuMs, 100, 0, otherCpuMs, latencies, 0, 0, 2);
    }

    private Report report(List<StepResult> steps, List<Profiler.Profile> profiles) {
        Map<String, String> machine = new LinkedHashMap<>(Map.of("cpu", "test CPU", "cores", "2", "memory", "1 GiB", "java", "17",
                "keycloakJava", "25"));
        return new Report(options(), machine, Map.of(), List.of(Scenario.byId("1"), Scenario.byId("6")), steps, List.of(), List.of(),
                List.of(), profiles, List.of(), Map.of(1, "0.1", 2, "3.0"));
    }

    @Test
    void noisyRoundsAreLeftOutOfTheRatios() throws Exception {
        // round 1 quiet: 1 costs 2,000 ms for 100 sign-ins, 6 costs 1,000; round 2 noisy (other processes at 50 %) and the other way round
        Report r = report(List.of(step("1", 1, 2000, 0), step("6", 1, 1000, 0), step("1", 2, 1000, 10_000), step("6", 2, 2000, 10_000)), List.of());
        double[] ratio = r.ratio("1", "6", 8);
        assertEquals(0.5, ratio[0], 1e-9);
        assertEquals(1, (int) ratio[4], "one quiet round");
        assertTrue(r.publishable());
        assertTrue(r.targets().stream().anyMatch(l -> l.startsWith("1 >= 0.9 x 6") && l.contains("MISSED (0.50")));
    }

    @Test
    void markdownRepeatsTheTablesAndTargets() throws Exception {
        Report r = report(List.of(step("1", 1, 1800, 0), step("6", 1, 1000, 0)), List.of());
        Path md = dir.resolve("benchmark.md");
        r.writeMarkdown(md);
        String text = Files.readString(md);
        assertTrue(text.contains("| 1 | ours: passkey button / conditional UI | 8 | 10.0 | 55.6 | 18.00 | 50 | 50 |"), text);
        assertTrue(text.contains("| 1 vs 6 | 0.56 [0.56..0.56] |"), text);
        assertTrue(text.contains("quiet rounds [1] of [1]"), text);
        assertTrue(text.contains("1 >= 0.9 x 6 per server CPU-second @ 8"), text);
    }

    @Test
    void aMissedRatioNamesTheAreasThatMakeTheDifference() throws Exception {
        Profiler.Profile ours = new Profiler.Profile("1", "", 100, Map.of("EC signature check", 10, "Keycloak flows, protocol, themes", 90),
                Map.of("sign-in POST (login-actions)", 40, "code to tokens (token request)", 60), 20);
        Profiler.Profile ceiling = new Profiler.Profile("6", "", 100, Map.of("Keycloak flows, protocol, themes", 100),
                Map.of("sign-in POST (login-actions)", 30, "code to tokens (token request)", 70), 18);
        Report r = report(List.of(step("1", 1, 2100, 0), step("6", 1, 1800, 0)), List.of(ours, ceiling));
        List<String> targets = r.targets();
        int i = 0;
        while (!targets.get(i).startsWith("1 >= 0.9 x 6")) i++;
        assertTrue(targets.get(i).contains("MISSED"));
        String why = targets.get(i + 1);
        // ours: 2 ms EC + 18 ms flows; ceiling: 18 ms flows
        assertTrue(why.contains("profile: 1 20.00 ms vs 6 18.00 ms") && why.contains("EC signature check +2.00;"), why);
        assertFalse(why.contains("Keycloak flows"), "equal areas are not a reason: " + why);
        // by request: ours 8 ms in the POST against 5.4, 12 in the token request against 12.6
        String where = targets.get(i + 2);
        assertTrue(where.startsWith("    per request: sign-in POST (login-actions) 8.00 vs 5.40 (+2.60); code to tokens (token request) 12.00 vs 12.60 (-0.60);"),
                where);
        // and the published JSON carries both splits
        Path json = dir.resolve("benchmark.json");
        r.writeJson(json);
        var profile = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile()).path("profiles").path("1");
        assertEquals(2.0, profile.path("msPerSignInByArea").path("EC signature check").asDouble(), 1e-9);
        assertEquals(8.0, profile.path("msPerSignInByRequest").path("sign-in POST (login-actions)").asDouble(), 1e-9);
    }
}
