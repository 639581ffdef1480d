package dev.passkeyfirst.keycloak.sms;

import dev.passkeyfirst.keycloak.util.PkfFactory;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;

/**
 * For demos and tests only: writes the message to the server log instead of sending it. It is the
 * one place a code reaches a log, which is why nothing in production should select it.
 */
public class LogSmsSenderFactory implements SmsSenderFactory, PkfFactory<SmsSender> {

    public static final String PROVIDER_ID = "log";
    private static final Logger LOG = Logger.getLogger("dev.passkeyfirst.sms.DemoLogSender");

    private static final SmsSender SENDER = new SmsSender() {
        @Override
        public void send(String phoneNumber, String text, Map<String, String> config) {
            LOG.infof("DEMO SMS (log sender, never use in production) to %s: %s", phoneNumber, text);
        }

        @Override
        public void close() {
        }
    };

    @Override
    public SmsSender create(KeycloakSession session) {
        return SENDER;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
