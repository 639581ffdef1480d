package dev.passkeyfirst.keycloak.login;

import java.util.List;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** What an admin can tune on "Passkey First: sign in", with the help texts shown in the admin console. */
public final class PasskeyLoginConfigProperties {

    public static final String USER_VERIFICATION = "pkf.userVerification";
    public static final String CONDITIONAL_UI = "pkf.conditionalUi";
    public static final String PASSKEY_BUTTON = "pkf.passkeyButton";
    public static final String USERNAME_FIRST = "pkf.usernameFirst";
    public static final String SIGNAL_API = "pkf.signalApi";
    public static final String HINTS = "pkf.hints";
    public static final String LAST_USED_INTERVAL = "pkf.lastUsedIntervalMinutes";
    public static final String OFFER_AFTER_HYBRID = "pkf.offerAfterHybrid";
    public static final String PASSWORD_ACCEPTED = "pkf.passwordAccepted";
    public static final String PASSWORD_LEVEL = "pkf.passwordLevel";
    public static final String PLACE_PROOF = dev.passkeyfirst.keycloak.vocabulary.ConfigKeys.PLACE_PROOF;
    public static final String PLACE_PROOF_DAYS = dev.passkeyfirst.keycloak.vocabulary.ConfigKeys.PLACE_PROOF_DAYS;

    public static final List<ProviderConfigProperty> ALL = ProviderConfigurationBuilder.create()
            .property().name(USER_VERIFICATION).type(ProviderConfigProperty.LIST_TYPE)
            .label("User verification")
            .helpText("Whether the authenticator must verify the user (PIN, fingerprint, face). 'required' refuses any"
                    + " assertion without the UV flag; only weaken it for security keys without a PIN.")
            .options("required", "preferred", "discouraged").defaultValue("required").add()
            .property().name(CONDITIONAL_UI).type(ProviderConfigProperty.BOOLEAN_TYPE)
            .label("Offer passkeys in the username field")
            .helpText("Conditional UI: browsers that support it list the user's passkeys in the username field's autofill.")
            .defaultValue("true").add()
            .property().name(PASSKEY_BUTTON).type(ProviderConfigProperty.BOOLEAN_TYPE)
            .label("Show 'Sign in with a passkey'")
            .helpText("A button that opens the browser's passkey dialog without a username (discoverable credentials).")
            .defaultValue("true").add()
            .property().name(USERNAME_FIRST).type(ProviderConfigProperty.BOOLEAN_TYPE)
            .label("Allow username first")
            .helpText("After a username, ask for one of that account's passkeys by id (security keys that keep no"
                    + " account on the key). Unknown usernames get the same step and fail the same way.")
            .defaultValue("true").add()
            .property().name(SIGNAL_API).type(ProviderConfigProperty.BOOLEAN_TYPE)
            .label("Keep password managers in sync (Signal API)")
            .helpText("After a sign-in, tell the browser which passkeys the account still has and its current name,"
                    + " so removed passkeys disappear from the user's passkey provider. Costs one short page on browsers"
                    + " that support it.")
            .defaultValue("true").add()
            .property().name(HINTS).type(ProviderConfigProperty.MULTIVALUED_LIST_TYPE)
            .label("WebAuthn hints for the passkey button")
            .helpText("Tells the browser which kind of authenticator to suggest first. Leave empty to let the browser choose.")
            .options("client-device", "hybrid", "security-key").add()
            .property().name(LAST_USED_INTERVAL).type(ProviderConfigProperty.STRING_TYPE)
            .label("Last-used precision (minutes)")
            .helpText("A passkey's last use (time, browser, network) is written at most once in this many minutes,"
                    + " so frequent sign-ins cost no database write.")
            .defaultValue("5").add()
            .property().name(OFFER_AFTER_HYBRID).type(ProviderConfigProperty.BOOLEAN_TYPE)
            .label("Offer a passkey on this device after a phone sign-in")
            .helpText("After a sign-in with a passkey from another device (a phone, through the browser's QR code),"
                    + " offer once per browser to create a passkey on this device too. Needs the 'create a passkey'"
                    + " required action enabled.")
            .defaultValue("true").add()
            .property().name(PASSWORD_ACCEPTED).type(ProviderConfigProperty.LIST_TYPE)
            .label("Password accepted")
            .helpText("For realms moving their users to passkeys: after the username, ask for a password too. 'withoutPasskey':"
                    + " only accounts that hold no passkey yet (an unknown name is answered the same way, so the page tells"
                    + " nothing more than that an account holds a passkey). 'always': every account that has a password."
                    + " 'never': passkeys only. Keycloak's password policy and brute-force protection apply.")
            .options("never", "withoutPasskey", "always").defaultValue("withoutPasskey").add()
            .property().name(PASSWORD_LEVEL).type(ProviderConfigProperty.STRING_TYPE)
            .label("Level of a password sign-in")
            .helpText("The authentication level (acr) a password sign-in gets, whatever the level of the sub-flow this step"
                    + " sits in. Applications asking for a higher level are offered no password.")
            .defaultValue("1").add()
            .property().name(PLACE_PROOF).type(ProviderConfigProperty.LIST_TYPE)
            .label("Second proof from a new place")
            .helpText("A passkey sign-in from a place where no passkey of the account signed in within the days below asks"
                    + " for a second proof before it counts as this step's level: another passkey of the account"
                    + " (device-bound ones first) or a code emailed to the account. Without one the user still gets in, as a"
                    + " fallback session (level 1: no changes of passkeys or email, no offline tokens). 'country' needs the"
                    + " GeoIP database named in the add-device settings (the network stands in without one); 'network'"
                    + " compares /24 and /48 networks. 'off': no second proof.")
            .options("off", "country", "network").defaultValue("off").add()
            .property().name(PLACE_PROOF_DAYS).type(ProviderConfigProperty.STRING_TYPE)
            .label("Place seen within (days)")
            .helpText("A place where a passkey of the account signed in within this many days is not new. At most the"
                    + " history's retention (90 days by default).")
            .defaultValue("90").add()
            .build();

    private PasskeyLoginConfigProperties() {
    }
}
