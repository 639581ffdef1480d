package dev.passkeyfirst.bench;

import java.util.Arrays;
import java.util.Map;

/**
 * One measured step: a scenario at one concurrency in one round. Latencies are of whole sign-ins
 * (authorization request to access token) that ended inside the measured window.
 */
record StepResult(String scenario, int virtualUsers, int round, double seconds, int signIns, Map<String, Integer> errors,
                  long serverCpuMs, long driverCpuMs, long databaseCpuMs, long otherCpuMs, long[] latencyMicros,
                  int signalPages, int signalRepeats, int cores) {

    /** Other processes' share of the machine's CPU during the window (0..1): what makes a round noisy. */
    double otherShare() {
        return seconds <= 0 || cores <= 0 ? 0 : otherCpuMs / 1000.0 / seconds / cores;
    }

    int errorCount() {
        return errors.values().stream().mapToInt(Integer::intValue).sum();
    }

    double signInsPerSecond() {
        return signIns / seconds;
    }

    double signInsPerServerCpuSecond() {
        return serverCpuMs == 0 ? 0 : signIns * 1000.0 / serverCpuMs;
    }

    double serverCpuMsPerSignIn() {
        return signIns == 0 ? 0 : (double) serverCpuMs / signIns;
    }

    double driverCpuMsPerSignIn() {
        return signIns == 0 ? 0 : (double) driverCpuMs / signIns;
    }

    double databaseCpuMsPerSignIn() {
        return signIns == 0 ? 0 : (double) databaseCpuMs / signIns;
    }

    /** Nearest-rank percentile of the latencies in milliseconds. */
    double percentileMs(double p) {
        return Stats.percentile(latencyMicros, p) / 1000.0;
    }

    @Override
    public String toString() {
        return scenario + "@" + virtualUsers + "#" + round + " " + signIns + " sign-ins " + Arrays.toString(errors.entrySet().toArray());
    }
}
