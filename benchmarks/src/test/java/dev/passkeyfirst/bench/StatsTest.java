package dev.passkeyfirst.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void nearestRankPercentiles() {
        long[] values = {50, 10, 40, 20, 30};
        assertEquals(10, Stats.percentile(values, 0));
        assertEquals(30, Stats.percentile(values, 50));
        assertEquals(50, Stats.percentile(values, 99));
        assertEquals(50, Stats.percentile(values, 100));
        assertEquals(0, Stats.percentile(new long[0], 50));
    }

    @Test
    void hundredValues() {
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) values[i] = i + 1;
        assertEquals(50, Stats.percentile(values, 50));
        assertEquals(95, Stats.percentile(values, 95));
        assertEquals(99, Stats.percentile(values, 99));
    }

    @Test
    void sampleStandardDeviation() {
        assertEquals(0, Stats.stddev(new double[]{1.2}));
        assertEquals(Math.sqrt(2.5), Stats.stddev(new double[]{1, 2, 3, 4, 5}), 1e-12);
    }
}
