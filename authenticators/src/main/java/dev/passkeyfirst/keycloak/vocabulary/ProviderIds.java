package dev.passkeyfirst.keycloak.vocabulary;

/**
 * Every id under which the pack registers something with Keycloak. Realm JSON, admin scripts and
 * tests name these; flows name each other's steps only through them, never through another flow's
 * classes.
 */
public final class ProviderIds {

    // authenticators and form actions
    public static final String PASSKEY_LOGIN = "pkf-passkey-login";
    public static final String DEVICE_BOUND_CONDITION = "pkf-condition-device-bound-passkey";
    public static final String RECOVERY = "pkf-recovery";
    public static final String FALLBACK_GUARD = "pkf-fallback-guard";
    public static final String SIGN_UP = "pkf-registration-passkey";

    // required actions
    public static final String CREATE_PASSKEY = "pkf-create-passkey";
    /** Keycloak's own id, which the pack takes over in realms that use its flows. */
    public static final String STOCK_PASSKEY_REGISTER = "webauthn-register-passwordless";
    public static final String ADD_DEVICE = "pkf-add-device";
    public static final String PAIR_DEVICE = "pkf-pair-device";
    public static final String RECOVER = "pkf-recover";
    public static final String PASSKEYS = "pkf-passkeys";
    /** After a password sign-in: offer a passkey, or let the password manager create one (conditional create). */
    public static final String PASSKEY_NUDGE = "pkf-passkey-nudge";

    // action tokens
    public static final String PAIR_DEVICE_TOKEN = "pkf-pair-device";
    public static final String RECOVERY_TOKEN = "pkf-recovery";
    public static final String SIGN_IN_LINK_TOKEN = "pkf-sign-in-link";

    // everything else
    public static final String FALLBACK_SESSION_MAPPER = "pkf-fallback-session-mapper";
    public static final String FALLBACK_LIMITS_LISTENER = "pkf-fallback-limits";
    public static final String PASSKEY_NOTICES_LISTENER = "pkf-passkey-notices";
    public static final String SIGN_IN_NOTICES_LISTENER = "pkf-sign-in-notices";
    /** The realm resource: {@code /realms/{realm}/passkey-first/...}. */
    public static final String REALM_RESOURCE = "passkey-first";

    /** Parts of the realm resource ({@code /realms/{realm}/passkey-first/{part}}), contributed by the flows. */
    public static final String PART_PAIR = "pair";
    public static final String PART_PAIRING_STATUS = "pairing-status";
    public static final String PART_DEVICE_ADDED = "device-added";
    public static final String PART_RECOVER = "recover";
    public static final String PART_RECOVERED = "recovered";
    public static final String PART_SIGN_IN = "sign-in";
    public static final String PART_NOT_ME = "not-me";
    public static final String PART_SIGN_IN_NOT_ME = "sign-in-not-me";
    /** W3C Passkey Endpoints: where a password manager sends a user to create and to manage passkeys. */
    public static final String PART_PASSKEY_ENDPOINTS = "passkey-endpoints";
    public static final String PART_ADMIN_VIEW = "admin-view";
    /** WebAuthn Level 3 related origins: the {@code /.well-known/webauthn} document of the rpId's host. */
    public static final String PART_RELATED_ORIGINS = "webauthn";

    private ProviderIds() {
    }
}
