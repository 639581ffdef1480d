package dev.passkeyfirst.keycloak.vocabulary;

/**
 * Config keys one flow reads from another flow's step. Each step's own keys live with its config
 * properties; only the few read across flows are named here.
 */
public final class ConfigKeys {

    /** On the recovery step (reset-credentials flow): "Email me a sign-in link" is offered. The sign-in page shows the link. */
    public static final String SIGN_IN_LINK = "pkf.signInLink";
    /** On the recovery step: which proofs it accepts. The passkeys page counts the account's ways back in by them. */
    public static final String EMAIL_PROOF = "pkf.proofEmail";
    public static final String CODE_PROOF = "pkf.proofRecoveryCode";
    public static final String SMS_PROOF = "pkf.proofSms";

    /** On the add-device action: the admin's GeoIP database. Every place we store or show is looked up in it. */
    public static final String GEOIP_DATABASE = "pkf.geoIpDatabase";
    // sign-in notices (the passkeys page's settings: the account's activity)
    public static final String NOTICES = "pkf.signInNotices";
    public static final String NOTICE_NEW_DEVICE = "pkf.noticeNewDevice";
    public static final String NOTICE_NEW_PLACE = "pkf.noticeNewPlace";
    public static final String NOTICE_SEEN_DAYS = "pkf.noticeSeenDays";
    public static final String NOTICE_QUIET_MINUTES = "pkf.noticeQuietMinutes";
    public static final String NOTICE_MAX_PER_DAY = "pkf.noticeMaxPerDay";
    // a second proof for a passkey sign-in from a new place (the sign-in step's settings)
    public static final String PLACE_PROOF = "pkf.placeProof";
    public static final String PLACE_PROOF_DAYS = "pkf.placeProofDays";

    private ConfigKeys() {
    }
}
