package dev.passkeyfirst.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where the numbers came from: processor, cores, memory, kernel, Java. */
final class Machine {

    private Machine() {
    }

    static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpu", firstValue("/proc/cpuinfo", "model name"));
        m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        String mem = firstValue("/proc/meminfo", "MemTotal");
        m.put("memory", mem.isEmpty() ? "?" : Math.round(Long.parseLong(mem.replaceAll("\\D", "")) / 1024.0 / 1024.0) + " GiB");
        m.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("loadBeforeRun", read("/proc/loadavg").split(" ").length > 2 ? String.join(" ", java.util.Arrays.copyOf(read("/proc/loadavg").split(" "), 3)) : "?");
        return m;
    }

    /** The 1, 5 and 15 minute load averages now. */
    static String loadAverage() {
        String[] f = read("/proc/loadavg").split(" ");
        return f.length > 2 ? String.join(" ", java.util.Arrays.copyOf(f, 3)) : "?";
    }

    private static String firstValue(String file, String key) {
        return read(file).lines().filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("");
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }
}
