package dev.passkeyfirst.keycloak.recovery;

import dev.passkeyfirst.keycloak.vocabulary.ConfigKeys;
import java.util.List;

import dev.passkeyfirst.keycloak.sms.HttpSmsSenderFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** Options of "Passkey First: recover the account" in the admin console. */
public final class RecoveryConfigProperties {

    public static final String PRESET = "pkf.recoveryPreset";
    public static final String WAITING_MINUTES = "pkf.waitingMinutes";
    public static final String EMAIL_PROOF = ConfigKeys.EMAIL_PROOF;
    public static final String CODE_PROOF = ConfigKeys.CODE_PROOF;
    public static final String SMS_PROOF = ConfigKeys.SMS_PROOF;
    public static final String LINK_MINUTES = "pkf.emailLinkMinutes";
    public static final String SMS_MINUTES = "pkf.smsCodeMinutes";
    public static final String MAILS_PER_USER = "pkf.recoveryMailsPerUser";
    public static final String MAILS_PER_IP = "pkf.recoveryMailsPerIp";
    public static final String ATTEMPTS = "pkf.codeAttempts";
    public static final String SMS_SENDER = "pkf.smsSender";
    public static final String SIGN_IN_LINK = ConfigKeys.SIGN_IN_LINK;
    public static final String SIGN_IN_LINK_WITH_PASSKEY = "pkf.signInLinkWithPasskey";

    public static final List<ProviderConfigProperty> ALL = ProviderConfigurationBuilder.create()
            .property().name(PRESET).type(ProviderConfigProperty.LIST_TYPE).label("Policy preset")
            .helpText("strict (NIST SP 800-63B-4): two proofs of different kinds when the account has them, SMS never alone,"
                    + " and with a single proof the new passkey waits before it works. consumer: one email proof (or a recovery"
                    + " code), the new passkey works at once; every other device is told.")
            .options("strict", "consumer").defaultValue("strict").add()
            .property().name(WAITING_MINUTES).type(ProviderConfigProperty.STRING_TYPE).label("Waiting period (minutes)")
            .helpText("With a single proof under 'strict', the new passkey works only after this long. Any existing device,"
                    + " or the notification email, can cancel it meanwhile. 1440 is a day.")
            .defaultValue("1440").add()
            .property().name(EMAIL_PROOF).type(ProviderConfigProperty.BOOLEAN_TYPE).label("Proof: email link")
            .helpText("A link to the account's verified email address (one use).").defaultValue("true").add()
            .property().name(CODE_PROOF).type(ProviderConfigProperty.BOOLEAN_TYPE).label("Proof: recovery code")
            .helpText("One of the account's recovery codes (Keycloak's recovery-codes credential). A used code is replaced by a"
                    + " fresh set, shown to the user once.").defaultValue("true").add()
            .property().name(SMS_PROOF).type(ProviderConfigProperty.BOOLEAN_TYPE).label("Proof: SMS code")
            .helpText("A six-digit code to the verified phone number in the user attributes 'phoneNumber' and"
                    + " 'phoneNumberVerified'. Never enough alone under 'strict'.").defaultValue("true").add()
            .property().name(LINK_MINUTES).type(ProviderConfigProperty.STRING_TYPE).label("Email link lifetime (minutes)")
            .helpText("At most 15.").defaultValue("15").add()
            .property().name(SMS_MINUTES).type(ProviderConfigProperty.STRING_TYPE).label("SMS and email code lifetime (minutes)")
            .helpText("At most 10.").defaultValue("10").add()
            .property().name(MAILS_PER_USER).type(ProviderConfigProperty.STRING_TYPE).label("Messages per account per hour")
            .helpText("Emails and texts sent for recovery to one account, across the cluster. Beyond it, requests are dropped silently.")
            .defaultValue("5").add()
            .property().name(MAILS_PER_IP).type(ProviderConfigProperty.STRING_TYPE).label("Messages per IP address per hour")
            .helpText("Across the cluster; beyond it, requests are dropped silently.").defaultValue("20").add()
            .property().name(ATTEMPTS).type(ProviderConfigProperty.STRING_TYPE).label("Code attempts per method per hour")
            .helpText("Wrong recovery, SMS or email codes allowed per account and method. Passkey sign-in is never locked.")
            .defaultValue("5").add()
            .property().name(SMS_SENDER).type(ProviderConfigProperty.LIST_TYPE).label("SMS sender")
            .helpText("'http' posts to your SMS gateway; 'log' writes the message to the server log (demo only, never in production).")
            .options("http", "log").defaultValue("http").add()
            .property().name(SIGN_IN_LINK).type(ProviderConfigProperty.BOOLEAN_TYPE).label("Email sign-in link")
            .helpText("The sign-in page offers 'Email me a sign-in link'. The link signs in once, only in the browser that asked"
                    + " for it, at level 1: a fallback session that cannot add or remove passkeys or change the account."
                    + " It uses the email link lifetime and the message limits above.").defaultValue("false").add()
            .property().name(SIGN_IN_LINK_WITH_PASSKEY).type(ProviderConfigProperty.BOOLEAN_TYPE)
            .label("Email sign-in link also for accounts with a passkey")
            .helpText("Off: accounts that hold a passkey never get a sign-in link (the page answers the same, nothing is sent),"
                    + " so a mailbox alone is not a way into them.").defaultValue("false").add()
            .property().name(HttpSmsSenderFactory.URL).type(ProviderConfigProperty.STRING_TYPE).label("SMS gateway URL").add()
            .property().name(HttpSmsSenderFactory.HEADER_NAME).type(ProviderConfigProperty.STRING_TYPE).label("SMS gateway auth header name")
            .defaultValue("Authorization").add()
            .property().name(HttpSmsSenderFactory.HEADER_VALUE).type(ProviderConfigProperty.PASSWORD).label("SMS gateway auth header value")
            .helpText("For example 'Bearer <token>'. Stored as a secret.").secret(true).add()
            .property().name(HttpSmsSenderFactory.BODY_TEMPLATE).type(ProviderConfigProperty.STRING_TYPE).label("SMS gateway body")
            .helpText("${to} and ${text} are replaced (JSON-escaped).").defaultValue(HttpSmsSenderFactory.DEFAULT_BODY).add()
            .build();

    private RecoveryConfigProperties() {
    }
}
