package dev.passkeyfirst.keycloak.events;

/**
 * Detail keys and values we add to Keycloak events. Keycloak's event types are a closed enum, so
 * our events reuse the nearest type (LOGIN, UPDATE_CREDENTIAL, ...) and say what happened in
 * {@link #ACTION}; listeners and audit tools filter on it.
 */
public final class PkfEvents {

    public static final String ACTION = "pkf_action";
    public static final String CREDENTIAL_ID = "pkf_credential_id";
    public static final String DEVICE_BOUND = "pkf_device_bound";
    public static final String USER_VERIFIED = "pkf_user_verified";
    public static final String ATTACHMENT = "pkf_attachment";
    public static final String ENROLLMENT = "pkf_enrollment";
    public static final String PROVIDER = "pkf_provider";
    public static final String REASON = "pkf_reason";
    public static final String SIGN_IN_MODE = "pkf_mode";

    public static final String PASSKEY_SIGN_IN = "passkey_sign_in";
    public static final String PASSKEY_ADDED = "passkey_added";
    public static final String PASSKEY_REFUSED = "passkey_refused";

    private PkfEvents() {
    }
}
