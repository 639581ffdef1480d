package dev.passkeyfirst.keycloak.vocabulary;

/**
 * Prefixes of our keys in Keycloak's cluster-wide single-use store. Each names what it claims or
 * holds; the rest of the key is a realm-scoped id or a hash, never a secret in the clear where the
 * entry outlives its use.
 */
public final class SingleUseKeys {

    /** A WebAuthn challenge, claimed by the one request that completes its ceremony. */
    public static final String CHALLENGE = "pkf.challenge.";
    /** A credential id being registered: {@code <realm>.<hash>}. */
    public static final String CREDENTIAL = "pkf.credential.";
    /** Rate-limit slots: {@code <name>.<slot>}. */
    public static final String RATE_LIMIT = "pkf.rl.";
    /** + realm id: an administrator's "Count now", at most one per realm per minute across the cluster. */
    public static final String ADOPTION_COUNT = "pkf.adoption.";
    /** An add-device pairing, its claims ({@code .b}, {@code .end}) and its ending. */
    public static final String PAIRING = "pkf.pairing.";
    /** An emailed link's entry: {@code <kind>.<id>}. */
    public static final String LINK = "pkf.link.";
    /** An action token made from a link, used once: {@code <token id>}. */
    public static final String LINK_TOKEN = "pkf.link.token.";
    /** A set of recovery codes redeemed: {@code <credential id>}. */
    public static final String RECOVERY_CODES = "pkf.recovery.codes.";
    /** A "this wasn't me" link used: {@code <hash>}. */
    public static final String NOT_ME_USED = "pkf.recovery.notme.used.";
    /** A sign-in notice's "this wasn't me" link was used (by its hash). */
    public static final String SIGN_IN_NOT_ME_USED = "pkf.notice.notme.used.";
    /** Slots of the quiet period and the daily limit of one user's sign-in notices. */
    public static final String NOTICE_QUIET = "pkf.notice.quiet.";
    public static final String NOTICE_DAY = "pkf.notice.day.";
    /** Slots limiting how often one sign-in from a new place has its code emailed. */
    public static final String PLACE_CODE = "pkf.placecode.";
    /** The request of a browser tab now inside our steps: {@code <root session id>.<tab id>}. */
    public static final String TAB_TURN = "pkf.tab.";
    /** One change of an account's passkeys at a time: {@code <user id>}. */
    public static final String PASSKEYS_CHANGING = "pkf.passkeys.changing.";
    /** + authentication session id and tab: the one automatic upgrade a password sign-in allows. */
    public static final String UPGRADE = "pkf.upgrade.";

    private SingleUseKeys() {
    }
}
