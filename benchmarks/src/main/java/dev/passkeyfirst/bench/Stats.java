package dev.passkeyfirst.bench;

import java.util.Arrays;

/** Small statistics over measured values. */
final class Stats {

    private Stats() {
    }

    /** Nearest-rank percentile (p in 0..100) of the values; the array need not be sorted. 0 for none. */
    static double percentile(long[] values, double p) {
        if (values.length == 0) return 0;
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

    static double mean(double[] values) {
        return values.length == 0 ? 0 : Arrays.stream(values).sum() / values.length;
    }

    static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }

    /** Sample standard deviation; 0 for fewer than two values. */
    static double stddev(double[] values) {
        if (values.length < 2) return 0;
        double m = mean(values);
        double sum = 0;
        for (double v : values) sum += (v - m) * (v - m);
        return Math.sqrt(sum / (values.length - 1));
    }

    static long[] concat(long[]... parts) {
        return Arrays.stream(parts).flatMapToLong(Arrays::stream).toArray();
    }
}
