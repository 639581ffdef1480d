package dev.passkeyfirst.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * An embedded PostgreSQL 14 (real server binaries from Maven Central) for {@code --postgres}, as
 * production Keycloak runs. Commits are synchronous, as in a default PostgreSQL (the embedded
 * server's own default turns that off). Its CPU is read like Keycloak's, from the kernel's counters
 * of the postmaster and its backends.
 */
final class Database implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final int port;

    private Database(EmbeddedPostgres postgres, Path dataDir, int port) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.port = port;
    }

    static Database start(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir.getParent());
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(true)
                .setPort(port)
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "300")
                .start();
        return new Database(pg, dataDir, port);
    }

    /** User and password are {@code postgres}, the embedded server's own. */
    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** CPU milliseconds of the postmaster, its live backends and the backends it has reaped. */
    long cpuMillis() {
        try {
            long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            return ProcessCpu.processTreeMillis(pid);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
