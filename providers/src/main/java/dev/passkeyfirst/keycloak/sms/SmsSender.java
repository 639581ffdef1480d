package dev.passkeyfirst.keycloak.sms;

import java.util.Map;

import org.keycloak.provider.Provider;

/** Sends one text message. Implementations must not log the message text, which holds a code. */
public interface SmsSender extends Provider {

    /**
     * @param config the realm admin's settings for the sender (gateway URL, secret header...), from
     *               the recovery step's config
     * @throws SmsException when the message could not be handed to the gateway
     */
    void send(String phoneNumber, String text, Map<String, String> config) throws SmsException;

    class SmsException extends Exception {
        public SmsException(String message) {
            super(message, null, false, false);
        }
    }
}
