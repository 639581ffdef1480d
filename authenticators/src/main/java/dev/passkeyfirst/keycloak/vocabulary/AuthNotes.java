package dev.passkeyfirst.keycloak.vocabulary;

/**
 * Every authentication-session note of ours, named {@code pkf.<flow>.<fact>}. A note belongs to the
 * flow named in it; the session facts below are read by several flows and by Keycloak's own steps
 * (through the user session), so their names never change: live sessions carry them across upgrades.
 */
public final class AuthNotes {

    // session facts (also user-session notes): how this session signed in
    public static final String PASSKEY_CREDENTIAL = "pkf.passkey.credential";
    public static final String PASSKEY_DEVICE_BOUND = "pkf.passkey.deviceBound";
    public static final String PASSKEY_USER_VERIFIED = "pkf.passkey.userVerified";
    public static final String PASSKEY_ATTACHMENT = "pkf.passkey.attachment";
    /** How a fallback session got in ("EMAIL,SMS"); empty once a passkey signed in. */
    public static final String FALLBACK = "pkf.fallback";
    /** When (seconds since the epoch) this authentication signed in with a password on our page. */
    public static final String PASSWORD_AT = "pkf.password.at";
    /** What the browser said it can do when it sent the password ("create conditionalCreate"). */
    public static final String PASSWORD_CAPS = "pkf.password.caps";

    // links
    /** The id of the link token this authentication session was started from: its browser may open it again. */
    public static final String LINK_TOKEN = "pkf.link.token";

    // sign-in
    public static final String LOGIN_CHALLENGE = "pkf.login.challenge";
    public static final String LOGIN_USERNAME = "pkf.login.username";
    public static final String LOGIN_VERIFIED_USER = "pkf.login.verifiedUser";
    public static final String LOGIN_MODE = "pkf.login.mode";
    /**
     * The browser has the Signal API: tell it which passkeys the account holds before the sign-in ends,
     * unless the note's value (what the passkey's provider was last told, a digest) is still true.
     */
    public static final String LOGIN_SIGNAL = "pkf.login.signal";
    /** The digest of what the Signal API page shown now tells: stored with the passkey once the page continues. */
    public static final String LOGIN_SIGNAL_SHOWN = "pkf.login.signalShown";
    /** The account held pending passkeys when the assertion was checked: read them again where needed. */
    public static final String LOGIN_PENDING = "pkf.login.pending";
    public static final String LOGIN_RECOVERY_CANCELLED = "pkf.login.recoveryCancelled";
    /** The username step offered a password for the typed name (policy, account, or an unknown name). */
    public static final String LOGIN_PASSWORD_OFFERED = "pkf.login.passwordOffered";
    /** The sign-in's passkey came from a place new to the account: a second proof was asked for ("asked"). */
    public static final String LOGIN_PLACE = "pkf.login.place";
    /** The challenge of the new-place page's second passkey. */
    public static final String LOGIN_PLACE_CHALLENGE = "pkf.login.placeChallenge";
    /** The emailed code of the new-place page: "hash|expiresAtMillis|failures". */
    public static final String LOGIN_PLACE_CODE = "pkf.login.placeCode";
    /** How the new place was settled: "passkey", "email" or "none" (for the sign-in's event). */
    public static final String LOGIN_PLACE_PROOF = "pkf.login.placeProof";
    /** The highest level this sign-in may give (a password, an unproved new place); none when unset. */
    public static final String LOGIN_LEVEL_CAP = "pkf.login.levelCap";

    // create a passkey
    /** Why the create page is shown unasked ("hybrid": after a phone's passkey); it then offers "Not now". */
    public static final String CREATE_OFFER = "pkf.create.offer";
    /** The passkey made now is the account's first, made at sign-up. */
    public static final String CREATE_SIGN_UP = "pkf.create.signUp";

    // move password users to passkeys
    /** What the page after a password sign-in does: "nudge" or "upgrade" (conditional create). */
    public static final String NUDGE_MODE = "pkf.nudge.mode";
    /** The page after a password sign-in was decided once for this authentication. */
    public static final String NUDGE_DECIDED = "pkf.nudge.decided";
    /** The credential an automatic upgrade created in this authentication: it may be removed from the notice. */
    public static final String NUDGE_UPGRADED = "pkf.nudge.upgraded";

    // add a device: device A, and device B
    public static final String ADD_PAIRING = "pkf.add.pairing";
    public static final String ADD_CODE = "pkf.add.code";
    public static final String ADD_NONCE = "pkf.add.nonce";
    public static final String PAIR_PAIRING = "pkf.pair.pairing";
    public static final String PAIR_CODE = "pkf.pair.code";

    // recovery
    public static final String RECOVERY_IDENTIFIER = "pkf.recovery.identifier";
    public static final String RECOVERY_MODE = "pkf.recovery.mode";
    public static final String RECOVER_PROOFS = "pkf.recover.proofs";
    /** The account's recovery epoch when this recovery began: a cancel moves it and so ends the recovery. */
    public static final String RECOVER_EPOCH = "pkf.recover.epoch";
    public static final String RECOVER_NEW_CODES = "pkf.recover.newCodes";
    public static final String RECOVER_METHOD = "pkf.recover.method";
    public static final String RECOVER_OTP = "pkf.recover.otp";
    public static final String RECOVER_OTP_EXPIRES = "pkf.recover.otpExpires";
    public static final String RECOVER_WAIT = "pkf.recover.wait";
    public static final String RECOVER_ACTIVATED = "pkf.recover.activated";
    public static final String RECOVER_PENDING = "pkf.recover.pending";

    // email sign-in link
    public static final String SIGN_IN_LINK = "pkf.signin.link";
    public static final String SIGN_IN_USER = "pkf.signin.user";

    private AuthNotes() {
    }
}
