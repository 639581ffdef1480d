package dev.passkeyfirst.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;

import dev.passkeyfirst.mailbox.Mailbox;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of every test against the server: the shared Keycloak, a mailbox of the class's own and a
 * realm of the class's own made from the demo realm.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServerTest {

    protected KeycloakServer server;
    protected Mailbox mailbox;
    protected TestRealm realm;
    private int logMark;

    @BeforeAll
    void startServerAndRealm() {
        server = KeycloakServer.shared();
        logMark = server.logLineCount();
        Callback.ensureStarted();
        try {
            mailbox = Mailbox.start(0, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        realm = createRealm();
    }

    /** Override to adjust the realm a class gets. */
    protected TestRealm createRealm() {
        return TestRealm.create(server, mailbox.smtpPort());
    }

    @AfterAll
    void dropRealmAndCheckLog() {
        if (realm != null) realm.close();
        if (mailbox != null) mailbox.close();
        // DESIGN §5: failed checks log one line, never a stack trace; nothing we do may log an ERROR
        List<String> bad = ServerLog.problems(server.logLinesSince(logMark));
        assertTrue(bad.isEmpty(), "server log while " + getClass().getSimpleName() + " ran:\n" + String.join("\n", bad));
    }
}
