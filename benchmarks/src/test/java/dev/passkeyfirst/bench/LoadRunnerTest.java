package dev.passkeyfirst.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LoadRunnerTest {

    private static List<BenchUser> users(int n) {
        List<BenchUser> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new BenchUser(i, "p", null, null, 0));
        return out;
    }

    @Test
    void aLargePopulationGivesEachScenarioAccountsOfItsOwn() {
        List<BenchUser> all = users(100_000);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (Scenario s : Scenario.values()) {
            List<BenchUser> mine = LoadRunner.slice(s, all, 32);
            assertEquals(100_000 / Scenario.values().length, mine.size());
            for (BenchUser u : mine) assertTrue(seen.add(u.index), "account " + u.index + " in two scenarios");
        }
    }

    @Test
    void aSmallPopulationIsShared() {
        List<BenchUser> all = users(1_000);
        assertSame(all, LoadRunner.slice(Scenario.OURS_DISCOVERABLE, all, 32));
    }
}
