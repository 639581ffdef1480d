package dev.passkeyfirst.it.browser;

/** Page ids ({@code body[data-page-id]}) of the pages the tests walk through. */
public final class Pages {
    public static final String SIGN_IN = "login-pkf-login";
    public static final String PASSKEY_STEP = "login-pkf-login-passkey";
    public static final String SIGNAL = "login-pkf-login-signal";
    public static final String CREATE_PASSKEY = "login-pkf-create-passkey";
    public static final String REGISTER = "login-register";
    public static final String VERIFY_EMAIL = "login-login-verify-email";

    private Pages() {
    }
}
