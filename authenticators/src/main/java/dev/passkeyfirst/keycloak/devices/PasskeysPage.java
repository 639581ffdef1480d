package dev.passkeyfirst.keycloak.devices;

import java.util.List;

/**
 * What {@code pkf-passkeys.ftl} reads as {@code pkfPasskeys}.
 *
 * @param confirmRemove the passkey the user asked to remove, awaiting confirmation, or null
 * @param hint          NO_WAY_BACK (one passkey, no other way back in), ONE_PASSKEY, ONE_PROVIDER or null: how ready
 *                      the account is for a lost device
 * @param signal        Signal API data after a removal (JSON), or null
 * @param mayChange     whether this session may rename and remove (a recent passkey sign-in)
 */
record PasskeysPage(List<Passkey> passkeys, String confirmRemove, String hint, String hintProvider, String signal, boolean mayChange,
                    WaysBack waysBack, List<Line> activity) {

    /** A line of the account's history, newest first: when, what (a pkf_action), how, which passkey, from where. */
    record Line(long at, String kind, String method, String label, String agent, String place) {
    }

    /**
     * The account's other ways in and back in.
     *
     * @param methods           EMAIL, RECOVERY_CODES, PHONE: what a recovery would accept from this account
     * @param codesOffered      the realm's recovery takes recovery codes: the page offers to make them
     * @param mayCreateCodes    this session may make them (not a fallback session; a passkey sign-in where the account has passkeys)
     * @param password          the account still has a password
     * @param passwordBlocker   null when "Remove my password" is offered; else why not: FALLBACK, SIGN_IN (no recent
     *                          passkey sign-in) or MORE (two passkeys, or one and a way back in, needed)
     * @param confirmPassword   the user asked to remove the password, awaiting confirmation
     */
    record WaysBack(List<String> methods, boolean codesOffered, boolean mayCreateCodes, boolean password, String passwordBlocker,
                    boolean confirmPassword) {
    }


    /**
     * One passkey.
     *
     * @param provider     the provider's name from Keycloak's AAGUID metadata, or null
     * @param icon         a data: URI of the provider's icon, or null
     * @param sync         DEVICE_BOUND, SYNCED or SYNCABLE (backup-eligible, not backed up yet), or UNKNOWN
     * @param created      milliseconds since the epoch, 0 when Keycloak did not record it
     * @param enrolledFrom the label of the passkey that approved this one, or null
     * @param lastUsed     milliseconds since the epoch, 0 when never recorded
     * @param sessions     sessions other than this one that were signed in with this passkey
     */
    record Passkey(String id, String label, String provider, String icon, String sync, long created, String enrollment,
                   String enrolledFrom, long lastUsed, String lastUsedAgent, String lastUsedPlace, boolean current, int sessions) {
    }
}
