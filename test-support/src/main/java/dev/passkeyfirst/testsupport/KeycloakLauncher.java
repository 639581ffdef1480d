package dev.passkeyfirst.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Keycloak distribution run as an admin runs it, for the single-node tests, the cluster nodes and
 * the benchmark alike: our jars installed with the project's one install script
 * ({@code docker/install-providers.sh}, so what is tested and measured is what admins install), then
 * {@code kc.sh start --optimized} on the caller's ports, ready once the management port's
 * {@code /health/ready} answers. What differs between the callers (database, caches, heap, log level,
 * whether the log survives a restart) is set on the {@link Builder}.
 *
 * <p>One server process at a time: {@link #start} again after {@link #stop} or {@link #kill} is a
 * restart on the same distribution and database.
 */
public final class KeycloakLauncher {

    /** A {@code kc.sh build} takes about a minute alone; several on two cores shared with another build or run. */
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    /** A graceful stop takes seconds; a minute covers a loaded machine before the stop turns into a kill. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final int TAIL_LINES = 80;

    private final String name;
    private final Path home;
    private final int httpPort;
    private final int managementPort;
    private final String hostname;
    private final List<String> buildOptions;
    private final List<String> startOptions;
    private final String logLevel;
    private final String heap;
    private final String javaOptions;
    private final Path log;
    private final boolean appendLog;
    private final Path installScript;
    private final Path javaHome;

    private Process script;
    private ProcessHandle server;

    private KeycloakLauncher(Builder b) {
        this.name = b.name;
        this.home = b.home;
        this.httpPort = b.httpPort;
        this.managementPort = b.managementPort;
        this.hostname = b.hostname;
        List<String> build = new ArrayList<>(List.of("--db=" + b.db, "--health-enabled=true"));
        build.addAll(b.buildOptions);
        this.buildOptions = List.copyOf(build);
        List<String> start = new ArrayList<>(b.dbStartOptions);
        start.addAll(b.startOptions);
        this.startOptions = List.copyOf(start);
        this.logLevel = b.logLevel;
        this.heap = b.heap;
        this.javaOptions = b.javaOptions;
        this.log = b.log;
        this.appendLog = b.appendLog;
        this.installScript = b.installScript;
        this.javaHome = b.javaHome;
    }

    /** A launcher for the unpacked distribution at {@code home} (the directory holding {@code bin/kc.sh}). */
    public static Builder builder(Path home) {
        return new Builder(home);
    }

    /** The jars in a directory, in a stable order, as {@link #install} takes them. */
    public static List<Path> jarsIn(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path home() {
        return home;
    }

    public Path logFile() {
        return log;
    }

    /**
     * Puts exactly these jars of ours into {@code providers/} (none: our jars removed, as an uninstall)
     * and builds the distribution with this launcher's build options; the script runs
     * {@code kc.sh build} only when the jars or the options changed since the last build, so a warm
     * run skips it. Its output goes beside the log, as {@code NAME-build.log}.
     */
    public void install(List<Path> jars) {
        if (installScript == null) throw new IllegalStateException(name + ": no install script given to the launcher");
        List<String> cmd = new ArrayList<>(List.of("bash", installScript.toAbsolutePath().toString(), home.toString()));
        jars.forEach(j -> cmd.add(j.toAbsolutePath().toString()));
        cmd.add("--");
        cmd.addAll(buildOptions);
        String logName = log.getFileName().toString();
        Path out = log.resolveSibling((logName.endsWith(".log") ? logName.substring(0, logName.length() - 4) : logName) + "-build.log");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
            if (javaHome != null) pb.environment().put("JAVA_HOME", javaHome.toString());
            Process p = pb.start();
            if (!p.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(name + ": installing our providers failed, see " + out + ":\n" + Files.readString(out));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Removes {@code data/}: the next start has an empty H2 database (and no leftovers of an earlier run). */
    public void deleteData() {
        Path data = home.resolve("data");
        if (!Files.exists(data)) return;
        try (Stream<Path> walk = Files.walk(data)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the server and waits until it is ready; returns how long that took. If it exits or is
     * not ready in time, the exception carries the log's last lines (the process, if still there, is
     * left for {@link #stop} or {@link #kill}).
     */
    public Duration start(Duration timeout) {
        if (isRunning()) throw new IllegalStateException(name + " is already running");
        List<String> cmd = new ArrayList<>(List.of("bin/kc.sh", "start", "--optimized",
                "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--hostname=" + hostname));
        cmd.addAll(startOptions);
        cmd.add("--log-level=" + logLevel);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(appendLog ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(log.toFile()));
        pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        if (heap != null) pb.environment().put("JAVA_OPTS_KC_HEAP", heap);
        if (javaOptions != null) pb.environment().put("JAVA_OPTS_APPEND", javaOptions);
        // kc.sh runs $JAVA_HOME/bin/java when JAVA_HOME is set, else the java on the PATH
        if (javaHome != null) pb.environment().put("JAVA_HOME", javaHome.toString());
        long t0 = System.nanoTime();
        try {
            script = pb.start();
            server = null;
            waitUntilReady(timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    private void waitUntilReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"))
                .timeout(Duration.ofSeconds(3)).build();
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!script.isAlive()) {
                throw new IllegalStateException(name + " exited with " + script.exitValue() + ", see " + log + ":\n" + tail(TAIL_LINES));
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + ", see " + log + ":\n" + tail(TAIL_LINES));
    }

    public boolean isRunning() {
        return script != null && script.isAlive();
    }

    /**
     * The server's JVM. kc.sh runs it as its child and waits for it, so this, not kc.sh, is the
     * process to kill, to profile and whose CPU time to read.
     */
    public Optional<ProcessHandle> server() {
        if (script == null) return Optional.empty();
        if (server == null) {
            server = script.toHandle().descendants()
                    .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
                    .findFirst().orElse(null);
        }
        return Optional.ofNullable(server);
    }

    /**
     * A graceful stop, as an orchestrator's: SIGTERM to kc.sh, which forwards it to the JVM; the JVM
     * is killed only if it has not exited within a minute. Returns once the JVM is gone, so its
     * ports are free for the next start.
     */
    public void stop() {
        if (script == null) return;
        Optional<ProcessHandle> jvm = server();
        script.destroy();
        try {
            if (!script.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                jvm.ifPresent(ProcessHandle::destroyForcibly);
                script.destroyForcibly();
            }
            if (jvm.isPresent()) jvm.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            jvm.ifPresent(ProcessHandle::destroyForcibly);
            script.destroyForcibly();
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        }
        script = null;
        server = null;
    }

    /**
     * {@code kill -9} of the server's JVM: no shutdown hook, no leaving the cluster, no flushing, as
     * when a machine dies.
     */
    public void kill() {
        if (script == null) return;
        server().ifPresent(p -> {
            p.destroyForcibly(); // SIGKILL on Linux
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            }
        });
        script.destroyForcibly();
        try {
            script.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        script = null;
        server = null;
    }

    /** Lines in the log now: a mark for {@link #logLinesSince}. */
    public int logLineCount() {
        if (!Files.exists(log)) return 0;
        try (Stream<String> lines = Files.lines(log)) {
            return (int) lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines logged after {@code fromLine} (a value of {@link #logLineCount()}). */
    public List<String> logLinesSince(int fromLine) {
        if (!Files.exists(log)) return List.of();
        try (Stream<String> lines = Files.lines(log)) {
            return lines.skip(fromLine).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The log's last lines, for failure messages: never throws. */
    public String tail(int lines) {
        try {
            List<String> all = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * What a launcher runs. Reusable: each {@link #build()} takes the settings of that moment, so a
     * caller can start the same distribution again with, say, another log level and log file.
     */
    public static final class Builder {
        private final Path home;
        private String name = "Keycloak";
        private int httpPort;
        private int managementPort;
        private String hostname;
        private String db = "dev-file";
        private List<String> dbStartOptions = List.of();
        private List<String> buildOptions = List.of();
        private List<String> startOptions = List.of();
        private String logLevel = "INFO";
        private String heap;
        private String javaOptions;
        private Path log;
        private boolean appendLog;
        private Path installScript;
        private Path javaHome;

        private Builder(Path home) {
            this.home = home.toAbsolutePath();
        }

        /** How messages name this server. Default {@code Keycloak}. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** HTTP on 127.0.0.1, and the management port that serves the readiness check. */
        public Builder ports(int http, int management) {
            this.httpPort = http;
            this.managementPort = management;
            return this;
        }

        /** {@code --hostname}: the public address in tokens, cookies and WebAuthn origins. */
        public Builder hostname(String url) {
            this.hostname = url;
            return this;
        }

        /** PostgreSQL at this JDBC URL instead of the default H2 file database ({@code --db=dev-file}) under {@code data/}. */
        public Builder postgres(String jdbcUrl, String username, String password) {
            this.db = "postgres";
            this.dbStartOptions = List.of("--db-url=" + jdbcUrl, "--db-username=" + username, "--db-password=" + password);
            return this;
        }

        /** Build options besides {@code --db} and {@code --health-enabled=true}, which the launcher always sets. */
        public Builder buildOptions(String... options) {
            this.buildOptions = List.of(options);
            return this;
        }

        /** Options of {@code kc.sh start} besides the ports, the hostname, the database and the log level. */
        public Builder startOptions(String... options) {
            this.startOptions = List.of(options);
            return this;
        }

        /** {@code --log-level}, e.g. {@code INFO,org.hibernate.SQL:debug}. Default {@code INFO}. */
        public Builder logLevel(String level) {
            this.logLevel = level;
            return this;
        }

        /** {@code JAVA_OPTS_KC_HEAP}, e.g. {@code -Xms256m -Xmx1g}. Default: Keycloak's own. */
        public Builder heap(String options) {
            this.heap = options;
            return this;
        }

        /** {@code JAVA_OPTS_APPEND}: JVM options besides Keycloak's own. */
        public Builder javaOptions(String options) {
            this.javaOptions = options;
            return this;
        }

        /** The server's output, started afresh by every start. */
        public Builder log(Path file) {
            this.log = file.toAbsolutePath();
            this.appendLog = false;
            return this;
        }

        /** The server's output, appended to by every start, so marks taken before a restart stay valid. */
        public Builder appendLog(Path file) {
            this.log = file.toAbsolutePath();
            this.appendLog = true;
            return this;
        }

        /** {@code docker/install-providers.sh}, for {@link KeycloakLauncher#install}. */
        public Builder installScript(Path script) {
            this.installScript = script;
            return this;
        }

        /** The JDK that builds and runs Keycloak ({@code JAVA_HOME} for kc.sh); default: the java on the PATH. */
        public Builder javaHome(Path jdk) {
            this.javaHome = jdk == null ? null : jdk.toAbsolutePath();
            return this;
        }

        public KeycloakLauncher build() {
            if (httpPort <= 0 || managementPort <= 0) throw new IllegalStateException("ports are not set");
            if (hostname == null) throw new IllegalStateException("no hostname");
            if (log == null) throw new IllegalStateException("no log file");
            return new KeycloakLauncher(this);
        }
    }
}
