package dev.passkeyfirst.keycloak.sms;

import dev.passkeyfirst.keycloak.util.PkfSpi;

/** Text messages for recovery codes. Ships with a log sender (demo) and an HTTP gateway sender. */
public class SmsSenderSpi extends PkfSpi {

    public SmsSenderSpi() {
        super("pkf-sms-sender", SmsSender.class, SmsSenderFactory.class);
    }
}
