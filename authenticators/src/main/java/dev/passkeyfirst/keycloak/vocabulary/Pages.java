package dev.passkeyfirst.keycloak.vocabulary;

/**
 * Our page templates. The file name is the page: Keycloak marks each rendered page with its
 * template, and tests assert the page id ({@link #id}) rather than words on it.
 */
public final class Pages {

    public static final String LOGIN = "pkf-login.ftl";
    public static final String LOGIN_PASSKEY = "pkf-login-passkey.ftl";
    public static final String LOGIN_SIGNAL = "pkf-login-signal.ftl";
    public static final String LOGIN_RECOVERY_PENDING = "pkf-login-recovery-pending.ftl";
    public static final String CREATE_PASSKEY = "pkf-create-passkey.ftl";
    public static final String ADD_DEVICE = "pkf-add-device.ftl";
    public static final String PAIR_DEVICE = "pkf-pair-device.ftl";
    public static final String PAIR_CONFIRM = "pkf-pair-confirm.ftl";
    public static final String DEVICE_ADDED = "pkf-device-added.ftl";
    public static final String RECOVERY = "pkf-recovery.ftl";
    public static final String RECOVER = "pkf-recover.ftl";
    public static final String RECOVERED = "pkf-recovered.ftl";
    public static final String RECOVERY_LINK = "pkf-recovery-link.ftl";
    public static final String SIGN_IN_LINK = "pkf-sign-in-link.ftl";
    public static final String NOT_ME = "pkf-not-me.ftl";
    public static final String SIGN_IN_NOT_ME = "pkf-sign-in-not-me.ftl";
    public static final String LOGIN_PLACE_PROOF = "pkf-login-place-proof.ftl";
    public static final String PASSKEYS = "pkf-passkeys.ftl";
    public static final String PASSKEY_NUDGE = "pkf-passkey-nudge.ftl";
    public static final String RECOVERY_CODES = "pkf-recovery-codes.ftl";

    /** Emails: pairs of html/ and text/ templates of this name. */
    public static final String EMAIL_PASSKEY_ADDED = "pkf-passkey-added.ftl";
    public static final String EMAIL_PASSKEY_REMOVED = "pkf-passkey-removed.ftl";
    public static final String EMAIL_PASSWORD_REMOVED = "pkf-password-removed.ftl";
    public static final String EMAIL_ADMIN_CHANGE = "pkf-admin-change.ftl";
    public static final String ADMIN_VIEW = "pkf-admin-view.ftl";
    public static final String EMAIL_PAIR_LINK = "pkf-pair-link.ftl";
    public static final String EMAIL_RECOVERY_LINK = "pkf-recovery-link.ftl";
    public static final String EMAIL_RECOVERY_CODE = "pkf-recovery-code.ftl";
    public static final String EMAIL_RECOVERY_NOTICE = "pkf-recovery-notice.ftl";
    public static final String EMAIL_SIGN_IN_LINK = "pkf-sign-in-link.ftl";
    public static final String EMAIL_SIGN_IN_NOTICE = "pkf-sign-in-notice.ftl";
    public static final String EMAIL_PLACE_CODE = "pkf-place-code.ftl";

    private Pages() {
    }

    /** The page id Keycloak's login theme gives a template: {@code login-} and the name without {@code .ftl}. */
    public static String id(String template) {
        return "login-" + template.substring(0, template.length() - ".ftl".length());
    }
}
