package dev.passkeyfirst.it.browser;

/** Page ids ({@code body[data-page-id]}) of the pages the tests walk through. */
public final class Pages {
    public static final String SIGN_IN = "login-pkf-login";
    public static final String PASSKEY_STEP = "login-pkf-login-passkey";
    public static final String SIGNAL = "login-pkf-login-signal";
    public static final String CREATE_PASSKEY = "login-pkf-create-passkey";
    public static final String REGISTER = "login-register";
    public static final String VERIFY_EMAIL = "login-login-verify-email";
    public static final String ADD_DEVICE = "login-pkf-add-device";
    public static final String PAIR_CONFIRM = "login-pkf-pair-confirm";
    public static final String PAIR_DEVICE = "login-pkf-pair-device";
    public static final String DEVICE_ADDED = "login-pkf-device-added";
    public static final String RECOVERY = "login-pkf-recovery";
    public static final String RECOVERY_LINK = "login-pkf-recovery-link";
    public static final String RECOVER = "login-pkf-recover";
    public static final String RECOVERED = "login-pkf-recovered";
    public static final String RECOVERY_PENDING = "login-pkf-login-recovery-pending";
    public static final String SIGN_IN_LINK = "login-pkf-sign-in-link";
    public static final String PASSKEYS = "login-pkf-passkeys";

    private Pages() {
    }
}
