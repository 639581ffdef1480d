package dev.passkeyfirst.keycloak.enroll;

import java.util.List;

import dev.passkeyfirst.keycloak.vocabulary.ConfigKeys;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** Options of "Passkey First: add another device" in the admin console. */
public final class AddDeviceConfigProperties {

    public static final String LINK_LIFETIME = "pkf.linkLifetimeSeconds";
    public static final String MAX_PASSKEY_AGE = "pkf.maxPasskeyAgeSeconds";
    public static final String SIGN_IN_NEW_DEVICE = "pkf.signInNewDevice";
    public static final String EMAIL_LINK = "pkf.emailLink";
    public static final String EMAILS_PER_USER = "pkf.emailsPerUser";
    public static final String EMAILS_PER_IP = "pkf.emailsPerIp";
    public static final String GEOIP_DATABASE = ConfigKeys.GEOIP_DATABASE;

    public static final List<ProviderConfigProperty> ALL = ProviderConfigurationBuilder.create()
            .property().name(LINK_LIFETIME).type(ProviderConfigProperty.STRING_TYPE)
            .label("Link lifetime (seconds)")
            .helpText("How long the QR code and link stay valid. At most 600 seconds, and never longer than the realm's"
                    + " user action lifespan.")
            .defaultValue("600").add()
            .property().name(MAX_PASSKEY_AGE).type(ProviderConfigProperty.STRING_TYPE)
            .label("Fresh passkey sign-in (seconds)")
            .helpText("Adding a device needs a passkey sign-in on this device at most this many seconds ago; older"
                    + " sessions are asked to sign in with a passkey again.")
            .defaultValue("300").add()
            .property().name(SIGN_IN_NEW_DEVICE).type(ProviderConfigProperty.BOOLEAN_TYPE)
            .label("Sign the new device in")
            .helpText("After approval, the new device is signed in to the account. Off: it only holds the new passkey.")
            .defaultValue("true").add()
            .property().name(EMAIL_LINK).type(ProviderConfigProperty.BOOLEAN_TYPE)
            .label("Offer 'email me the link'")
            .helpText("For a device that cannot scan: the same link is sent to the account's verified email address."
                    + " The same code and approval follow.")
            .defaultValue("true").add()
            .property().name(EMAILS_PER_USER).type(ProviderConfigProperty.STRING_TYPE)
            .label("Link emails per user per 15 minutes").helpText("Across the cluster.").defaultValue("3").add()
            .property().name(EMAILS_PER_IP).type(ProviderConfigProperty.STRING_TYPE)
            .label("Link emails per IP address per 15 minutes").helpText("Across the cluster.").defaultValue("10").add()
            .property().name(GEOIP_DATABASE).type(ProviderConfigProperty.STRING_TYPE)
            .label("GeoIP database (optional)")
            .helpText("Path, on every Keycloak node, of a MaxMind-format database (.mmdb: GeoLite2 City or Country, DB-IP"
                    + " City Lite). When set, the approval page shows the approximate place of both devices' networks, and every passkey's last use is"
                    + " stored with its city and country; without one, with its network only.")
            .add()
            .build();

    private AddDeviceConfigProperties() {
    }
}
