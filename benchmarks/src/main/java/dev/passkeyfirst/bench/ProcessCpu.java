package dev.passkeyfirst.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time from Linux's own counters: user plus system time of one process (all its threads,
 * {@code /proc/PID/stat} fields 14 and 15) and the busy time of the whole machine ({@code /proc/stat}).
 * These are what the kernel charged, so they include JIT, GC and everything else the JVM did.
 */
public final class ProcessCpu {

    /** Clock ticks per second; 100 on every Linux this runs on (USER_HZ), confirmed by getconf when available. */
    static final long TICKS_PER_SECOND = ticksPerSecond();

    private ProcessCpu() {
    }

    /** CPU milliseconds the process has used since it started. */
    public static long processMillis(long pid) {
        long[] f = statFields(pid);
        return (f[0] + f[1]) * 1000 / TICKS_PER_SECOND;
    }

    /**
     * CPU milliseconds of a process, its live descendants, and the children it has already reaped
     * (the kernel adds those to the parent's cutime and cstime): a server made of processes, such as
     * PostgreSQL with a backend per connection.
     */
    public static long processTreeMillis(long pid) {
        long[] f = statFields(pid);
        long ticks = f[0] + f[1] + f[2] + f[3];
        for (ProcessHandle child : ProcessHandle.of(pid).map(h -> h.descendants().toList()).orElse(java.util.List.of())) {
            try {
                long[] c = statFields(child.pid());
                ticks += c[0] + c[1];
            } catch (UncheckedIOException gone) {
                // ended between listing and reading: its time is in the parent's cutime by now or soon
            }
        }
        return ticks * 1000 / TICKS_PER_SECOND;
    }

    /** utime, stime, cutime, cstime in ticks. */
    private static long[] statFields(long pid) {
        String stat = read(Path.of("/proc/" + pid + "/stat"));
        // the command name (field 2) is in parentheses and may hold spaces: count fields after its ')'
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[]{Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
    }

    public static long selfMillis() {
        return processMillis(ProcessHandle.current().pid());
    }

    /** Busy (non-idle, non-iowait) CPU milliseconds of all cores since boot. */
    public static long machineBusyMillis() {
        String first = read(Path.of("/proc/stat")).lines().findFirst().orElseThrow();
        String[] f = first.trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            if (i == 4 || i == 5) continue; // idle, iowait
            busy += Long.parseLong(f[i]);
        }
        return busy * 1000 / TICKS_PER_SECOND;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor() == 0) return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            // fall through to the Linux default
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
