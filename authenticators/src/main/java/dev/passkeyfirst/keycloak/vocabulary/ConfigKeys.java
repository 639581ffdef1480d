package dev.passkeyfirst.keycloak.vocabulary;

/**
 * Config keys one flow reads from another flow's step. Each step's own keys live with its config
 * properties; only the few read across flows are named here.
 */
public final class ConfigKeys {

    /** On the recovery step (reset-credentials flow): "Email me a sign-in link" is offered. The sign-in page shows the link. */
    public static final String SIGN_IN_LINK = "pkf.signInLink";

    private ConfigKeys() {
    }
}
