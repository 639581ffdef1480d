package dev.passkeyfirst.keycloak.migrate;

import java.util.List;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** What an admin can tune on "Passkey First: move password users to passkeys". */
public final class NudgeConfigProperties {

    public static final String NUDGE = "pkf.nudge";
    public static final String INTERVAL_MINUTES = "pkf.nudgeIntervalMinutes";
    public static final String MAX_SKIPS = "pkf.nudgeMaxSkips";
    public static final String NEVER_OFFERED = "pkf.nudgeNeverOffered";
    public static final String AUTO_UPGRADE = "pkf.autoUpgrade";
    public static final String UPGRADE_WINDOW_SECONDS = "pkf.autoUpgradeWindowSeconds";

    public static final List<ProviderConfigProperty> ALL = ProviderConfigurationBuilder.create()
            .property().name(NUDGE).type(ProviderConfigProperty.BOOLEAN_TYPE)
            .label("Offer a passkey after a password sign-in")
            .helpText("After a password sign-in, a page offers to create a passkey, with 'Not now'. Never shown to a browser"
                    + " that cannot create a passkey, to a fallback session, or to an account that already holds one.")
            .defaultValue("true").add()
            .property().name(INTERVAL_MINUTES).type(ProviderConfigProperty.STRING_TYPE)
            .label("Ask again after (minutes)")
            .helpText("After 'Not now', the offer comes back with the first password sign-in this many minutes later"
                    + " (10080: a week).")
            .defaultValue("10080").add()
            .property().name(MAX_SKIPS).type(ProviderConfigProperty.STRING_TYPE)
            .label("How many times 'Not now'")
            .helpText("0: as often as the user likes. Otherwise, after this many skips the page no longer offers"
                    + " 'Not now': the user creates a passkey to go on.")
            .defaultValue("0").add()
            .property().name(NEVER_OFFERED).type(ProviderConfigProperty.BOOLEAN_TYPE)
            .label("Offer 'Don't ask again'")
            .helpText("Lets the user turn the offer off for good (the user attribute pkf.nudgeNever; remove it to ask again).")
            .defaultValue("true").add()
            .property().name(AUTO_UPGRADE).type(ProviderConfigProperty.BOOLEAN_TYPE)
            .label("Automatic upgrade (conditional create)")
            .helpText("Where the browser supports it (Chrome 136+, Safari 18+), the password manager creates a passkey right"
                    + " after a password sign-in, without a prompt, instead of the offer. The user is told on the next page"
                    + " and by email, and can remove it.")
            .defaultValue("true").add()
            .property().name(UPGRADE_WINDOW_SECONDS).type(ProviderConfigProperty.STRING_TYPE)
            .label("Automatic upgrade window (seconds)")
            .helpText("How long after the password sign-in such a passkey is accepted.")
            .defaultValue("300").add()
            .build();

    private NudgeConfigProperties() {
    }
}
