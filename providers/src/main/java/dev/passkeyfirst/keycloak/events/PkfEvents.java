package dev.passkeyfirst.keycloak.events;

/**
 * Detail keys we add to Keycloak events. Keycloak's event types are a closed enum, so our events
 * ride on the nearest type (LOGIN, UPDATE_CREDENTIAL, ...) and say what happened in {@link #ACTION},
 * whose values are the {@link PkfEvent} catalog; listeners and audit tools filter on it.
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
    /** A hash of a pairing's id: the id itself is a live secret while the pairing runs. */
    public static final String PAIRING = "pkf_pairing_hash";
    public static final String PENDING = "pkf_pending";
    public static final String PROOFS = "pkf_proofs";
    public static final String PROOF = "pkf_method";
    public static final String ACTIVE_FROM = "pkf_active_from";
    public static final String SESSIONS_ENDED = "pkf_sessions_ended";
    public static final String SKIPS = "pkf_skips";
    /** How many passkeys an action removed. */
    public static final String PASSKEYS_REMOVED = "pkf_passkeys_removed";
    /** What was new about a sign-in that was noticed: "device", "place" or "device,place". */
    public static final String NEW = "pkf_new";
    /**
     * How a passkey sign-in from a new place proved itself: "passkey", "email", or "none" (it stayed a
     * fallback session, and its place is not counted as the account's).
     */
    public static final String PLACE_PROOF = "pkf_place_proof";

    private PkfEvents() {
    }
}
