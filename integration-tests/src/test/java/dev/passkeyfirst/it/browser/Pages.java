package dev.passkeyfirst.it.browser;

/** Page ids ({@code body[data-page-id]}) of the pages the tests walk through; ours come from the pack's own list. */
public final class Pages {
    public static final String SIGN_IN = dev.passkeyfirst.keycloak.vocabulary.Pages.id(dev.passkeyfirst.keycloak.vocabulary.Pages.LOGIN);
    public static final String PASSKEY_STEP = dev.passkeyfirst.keycloak.vocabulary.Pages.id(dev.passkeyfirst.keycloak.vocabulary.Pages.LOGIN_PASSKEY);
    public static final String SIGNAL = dev.passkeyfirst.keycloak.vocabulary.Pages.id(dev.passkeyfirst.keycloak.vocabulary.Pages.LOGIN_SIGNAL);
    public static final String CREATE_PASSKEY = dev.passkeyfirst.keycloak.vocabulary.Pages.id(dev.passkeyfirst.keycloak.vocabulary.Pages.CREATE_PASSKEY);
    public static final String REGISTER = "login-register";
    public static final String VERIFY_EMAIL = "login-login-verify-email";
    public static final String ADD_DEVICE = dev.passkeyfirst.keycloak.vocabulary.Pages.id(dev.passkeyfirst.keycloak.vocabulary.Pages.ADD_DEVICE);
    public static final String PAIR_CONFIRM = dev.passkeyfirst.keycloak.vocabulary.Pages.id(dev.passkeyfirst.keycloak.vocabulary.Pages.PAIR_CONFIRM);
    public static final String PAIR_DEVICE = dev.passkeyfirst.keycloak.vocabulary.Pages.id(dev.passkeyfirst.keycloak.vocabulary.Pages.PAIR_DEVICE);
    public static final String DEVICE_ADDED = dev.passkeyfirst.keycloak.vocabulary.Pages.id(dev.passkeyfirst.keycloak.vocabulary.Pages.DEVICE_ADDED);
    public static final String RECOVERY = dev.passkeyfirst.keycloak.vocabulary.Pages.id(dev.passkeyfirst.keycloak.vocabulary.Pages.RECOVERY);
    public static final String RECOVERY_LINK = dev.passkeyfirst.keycloak.vocabulary.Pages.id(dev.passkeyfirst.keycloak.vocabulary.Pages.RECOVERY_LINK);
    public static final String RECOVER = dev.passkeyfirst.keycloak.vocabulary.Pages.id(dev.passkeyfirst.keycloak.vocabulary.Pages.RECOVER);
    public static final String RECOVERED = dev.passkeyfirst.keycloak.vocabulary.Pages.id(dev.passkeyfirst.keycloak.vocabulary.Pages.RECOVERED);
    public static final String RECOVERY_PENDING = dev.passkeyfirst.keycloak.vocabulary.Pages.id(dev.passkeyfirst.keycloak.vocabulary.Pages.LOGIN_RECOVERY_PENDING);
    public static final String SIGN_IN_LINK = dev.passkeyfirst.keycloak.vocabulary.Pages.id(dev.passkeyfirst.keycloak.vocabulary.Pages.SIGN_IN_LINK);
    public static final String NUDGE = dev.passkeyfirst.keycloak.vocabulary.Pages.id(dev.passkeyfirst.keycloak.vocabulary.Pages.PASSKEY_NUDGE);
    public static final String PASSKEYS = dev.passkeyfirst.keycloak.vocabulary.Pages.id(dev.passkeyfirst.keycloak.vocabulary.Pages.PASSKEYS);
    public static final String PLACE_PROOF = dev.passkeyfirst.keycloak.vocabulary.Pages.id(dev.passkeyfirst.keycloak.vocabulary.Pages.LOGIN_PLACE_PROOF);

    private Pages() {
    }
}
