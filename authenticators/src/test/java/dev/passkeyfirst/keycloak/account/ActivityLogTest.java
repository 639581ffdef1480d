package dev.passkeyfirst.keycloak.account;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import dev.passkeyfirst.keycloak.events.PkfEvent;
import org.junit.jupiter.api.Test;

/** Every line the history can hold has words on the passkeys page: its kind, and a recovery's proof. */
class ActivityLogTest {

    @Test
    void everyLoggedKindAndProofHasAMessage() throws IOException {
        Properties en = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("../themes/src/main/resources/theme-resources/messages/messages_en.properties"),
                StandardCharsets.UTF_8)) {
            en.load(r);
        }
        for (PkfEvent kind : ActivityLog.LOGGED) {
            assertTrue(en.containsKey("pkfActivity_" + kind.action()), "no words for " + kind.action());
        }
        for (String proof : new String[]{"fallback_email", "fallback_code", "fallback_sms", "fallback_other"}) {
            assertTrue(en.containsKey("pkfActivity_" + proof), "no words for " + proof);
        }
    }

    @Test
    void theAdminViewHasWordsForEveryLoggedKind() throws IOException {
        String page = Files.readString(Path.of("../themes/src/main/resources/theme-resources/templates/pkf-admin-view.ftl"));
        for (PkfEvent kind : ActivityLog.LOGGED) {
            assertTrue(page.contains("\"" + kind.action() + "\""), "the admin view lacks " + kind.action());
        }
    }
}
