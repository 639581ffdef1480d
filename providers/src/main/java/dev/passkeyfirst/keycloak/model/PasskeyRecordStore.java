package dev.passkeyfirst.keycloak.model;

import java.util.List;
import java.util.Optional;

import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.Provider;

/** Reads and writes {@link PasskeyRecord}s. Obtain with {@code session.getProvider(PasskeyRecordStore.class)}. */
public interface PasskeyRecordStore extends Provider {

    Optional<PasskeyRecord> get(RealmModel realm, String credentialModelId);

    /**
     * The record of the passkey a sign-in verifies, and beside it, in the same query, whether its
     * account holds any pending passkey unexpired at {@code now} and what the Signal API was last told.
     */
    Optional<SignInRecord> getForSignIn(RealmModel realm, String credentialModelId, long now);

    /** Notes what the Signal API told this passkey's provider about its account (a digest). */
    void setSignalled(RealmModel realm, String credentialModelId, String digest);

    /** Records of the user's passkeys; records whose credential no longer exists are dropped on the way. */
    List<PasskeyRecord> getForUser(RealmModel realm, UserModel user);

    /**
     * Whether any WebAuthn credential of the realm, ours or one Keycloak created without us, already
     * holds this raw WebAuthn credential id. Indexed reads only, whatever the number of credentials. Rows
     * of ours left by a credential removed elsewhere are dropped on the way, so the id can be stored again.
     */
    boolean credentialIdInUse(RealmModel realm, byte[] rawCredentialId);

    /**
     * Notes the raw credential id of a WebAuthn credential Keycloak just stored, in the same transaction,
     * so {@link #credentialIdInUse} finds it. Every WebAuthn credential created through Keycloak's
     * credential providers comes here; those from before the pack are noted when a node starts.
     */
    void indexCredentialId(RealmModel realm, String userId, String credentialModelId, byte[] rawCredentialId);

    /** Forgets the credential id of a WebAuthn credential removed through its provider. */
    void unindexCredentialId(String credentialModelId);

    void add(PasskeyRecord record);

    /**
     * The user holding the first passkey of the realm whose key sorts at or after {@code pivot},
     * wrapping around to the first one; empty when the realm has none. A pseudo-random pivot picks a
     * real account to model something on, with one indexed read.
     */
    Optional<String> userAtOrAfter(RealmModel realm, String pivot);

    /**
     * Notes a successful sign-in with the passkey. The last-used facts are written only when the last
     * noted use is older than {@code minIntervalMillis}, or when the backup state changed, so busy
     * passkeys cost no write per sign-in; a higher signature counter is written every time (it must be,
     * to catch a cloned authenticator). Creates the record of a passkey that has none yet (one Keycloak
     * made without us).
     *
     * @return whether the last-used facts were written now: slower bookkeeping may follow the same rhythm
     */
    boolean recordUse(RealmModel realm, PasskeyUse use, long minIntervalMillis);

    void remove(RealmModel realm, String credentialModelId);

    /** Stores a pending passkey; false if its credential id is already pending in this realm. */
    boolean addPending(PendingPasskey pending);

    Optional<PendingPasskey> getPending(RealmModel realm, String id);

    List<PendingPasskey> getPendingOfUser(RealmModel realm, UserModel user);

    /** Removes a pending passkey; true if this call removed it (the single winner of an activation). */
    boolean removePending(RealmModel realm, String id);

    /** Whether a pending passkey already holds this raw WebAuthn credential id. */
    boolean pendingCredentialIdInUse(RealmModel realm, byte[] rawCredentialId);

    /** Accounts of the realm holding a passkey, counted per AAGUID and backup eligibility. One grouped query. */
    List<Adoption.AuthenticatorCount> countPasskeyHolders(RealmModel realm);

    /** Accounts of the realm holding at least one passkey, ours or one Keycloak made without us. */
    long countAccountsWithPasskey(RealmModel realm);

    /** Recoveries of the realm whose passkey is pending and not expired. */
    long countWaitingRecoveries(RealmModel realm, long now);

    /** Replaces the realm's stored adoption snapshot. */
    void saveAdoption(Adoption adoption);

    Optional<Adoption> getAdoption(RealmModel realm);

    /** Every realm's snapshot: what the metrics endpoint shows. */
    List<Adoption> getAdoptions();

    /** Writes a line of the user's history: one insert, nothing read. */
    void addActivity(Activity activity);

    /**
     * Where the user's history since {@code since} happened (millis, inclusive) and up to
     * {@code before} (exclusive), newest first: one indexed read of a bounded number of lines (the
     * retention task keeps at most a fixed number per user).
     */
    List<Activity.Seen> getSeen(RealmModel realm, UserModel user, long since, long before);

    /** The user's newest lines first, at most {@code max}. */
    List<Activity> getActivity(RealmModel realm, UserModel user, int max);

    /**
     * Removes lines older than {@code before} (millis), and of each user with more than
     * {@code maxPerUser} lines, the oldest beyond that number. Returns how many lines went.
     */
    int purgeActivity(long before, int maxPerUser);
}
