package dev.passkeyfirst.it.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.passkeyfirst.testsupport.KeycloakLauncher;
import org.keycloak.admin.client.Keycloak;

/**
 * The Keycloak distribution (unpacked by Maven from Maven Central) with our three jars in
 * {@code providers/}, built for H2 and started once per test JVM on its own ports so it never meets
 * the demo on 8080. Every test class shares it; realms keep tests apart.
 */
public final class KeycloakServer {

    public static final int PORT = Integer.getInteger("pkf.kc.port", 18080);
    public static final int MANAGEMENT_PORT = Integer.getInteger("pkf.kc.management.port", 19000);
    public static final String URL = "http://localhost:" + PORT;
    /** Our jars as Maven built them, and the script admins install them with; the cluster's nodes use both too. */
    public static final Path JARS = Path.of(System.getProperty("pkf.jars", "target/pkf-jars"));
    public static final Path INSTALL_SCRIPT = Path.of(System.getProperty("pkf.install.script", "../docker/install-providers.sh"));
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private static KeycloakServer shared;

    private final KeycloakLauncher launcher;
    private Keycloak admin;

    private KeycloakServer(Path home) {
        this.launcher = KeycloakLauncher.builder(home)
                .ports(PORT, MANAGEMENT_PORT)
                .hostname(URL)
                // /metrics on the management port: MetricsTest scrapes our counters there
                .buildOptions("--metrics-enabled=true")
                .startOptions("--hostname-strict=false", "--cache=local",
                        // Keycloak's deprecated client-initiated linking, off by default; on here so the
                        // tests can show that a fallback session's link through it does not stick
                        "--spi-login-protocol--openid-connect--allow-client-initiated-account-linking=true",
                        // the adoption count every 15 s instead of 15 min: AdminApiTest waits for a scheduled one
                        "--spi-admin-realm-restapi-extension--passkey-first--adoption-interval-seconds=15",
                        // X-Forwarded-For as a reverse proxy sends it: the tests sign in "from" other places
                        "--proxy-headers=xforwarded")
                .logLevel(System.getProperty("pkf.kc.log", "INFO,dev.passkeyfirst:DEBUG"))
                .heap("-Xms256m -Xmx1g")
                .log(home.getParent().resolve("keycloak.log"))
                .installScript(INSTALL_SCRIPT)
                .build();
    }

    public static synchronized KeycloakServer shared() {
        if (shared == null) {
            Path home = Path.of(System.getProperty("pkf.kc.dist", "target/keycloak-26.7.3")).toAbsolutePath();
            if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
                throw new IllegalStateException("No Keycloak distribution at " + home + " (run the tests through Maven: mvn verify)");
            }
            KeycloakServer server = new KeycloakServer(home);
            server.launcher.install(KeycloakLauncher.jarsIn(JARS));
            // every run starts from an empty database; only restart() keeps it
            server.launcher.deleteData();
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "keycloak-stop"));
            shared = server;
        }
        return shared;
    }

    public Keycloak admin() {
        if (admin == null) admin = Keycloak.getInstance(URL, "master", "admin", "admin", "admin-cli");
        return admin;
    }

    /** The unpacked distribution this server runs from (its bin/ holds kcadm.sh). */
    public Path home() {
        return launcher.home();
    }

    public Path logFile() {
        return launcher.logFile();
    }

    /** Server log lines written after {@code fromLine}; tests read them to prove no stack trace was printed. */
    public List<String> logLinesSince(int fromLine) {
        return launcher.logLinesSince(fromLine);
    }

    public int logLineCount() {
        return launcher.logLineCount();
    }

    /**
     * Stops the server and starts it again on the same database, as an operator's restart would:
     * what lives in memory is gone, what lives in the database must still be there.
     */
    public synchronized void restart() {
        launcher.stop();
        start();
    }

    private void start() {
        Duration took = launcher.start(START_TIMEOUT);
        System.out.printf("Keycloak %s ready on %s after %d s (log: %s)%n", launcher.home().getFileName(), URL,
                took.toSeconds(), launcher.logFile());
    }

    private void stop() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
        launcher.stop();
    }
}
