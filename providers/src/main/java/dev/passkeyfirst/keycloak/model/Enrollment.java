package dev.passkeyfirst.keycloak.model;

/** How a passkey came to the account; shown in the device list and in notifications. */
public enum Enrollment {
    /** created on the device the user was signed in on */
    THIS_DEVICE,
    /** created during passkey-only sign-up */
    SIGN_UP,
    /** added from another device that scanned a QR code */
    QR_CODE,
    /** added from another device that opened an emailed link */
    EMAIL_LINK,
    /** created at the end of an account recovery */
    RECOVERY,
    /** created by the password manager without a prompt, right after a password sign-in (conditional create) */
    AUTOMATIC_UPGRADE,
    /** created before the pack was installed, or by a stock Keycloak step */
    UNKNOWN;

    public static Enrollment parse(String value) {
        if (value != null) {
            for (Enrollment e : values()) {
                if (e.name().equals(value)) return e;
            }
        }
        return UNKNOWN;
    }
}
