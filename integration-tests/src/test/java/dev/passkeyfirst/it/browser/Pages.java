package dev.passkeyfirst.it.browser;

/** Page ids ({@code body[data-page-id]}) of the pages the tests walk through. */
final class Pages {
    static final String SIGN_IN = "login-pkf-login";
    static final String PASSKEY_STEP = "login-pkf-login-passkey";
    static final String SIGNAL = "login-pkf-login-signal";
    static final String CREATE_PASSKEY = "login-pkf-create-passkey";
    static final String REGISTER = "login-register";
    static final String VERIFY_EMAIL = "login-login-verify-email";
    static final String ADD_DEVICE = "login-pkf-add-device";
    static final String PAIR_CONFIRM = "login-pkf-pair-confirm";
    static final String PAIR_DEVICE = "login-pkf-pair-device";
    static final String DEVICE_ADDED = "login-pkf-device-added";
    static final String RECOVERY = "login-pkf-recovery";
    static final String RECOVERY_LINK = "login-pkf-recovery-link";
    static final String RECOVER = "login-pkf-recover";
    static final String RECOVERED = "login-pkf-recovered";
    static final String RECOVERY_PENDING = "login-pkf-login-recovery-pending";

    private Pages() {
    }
}
