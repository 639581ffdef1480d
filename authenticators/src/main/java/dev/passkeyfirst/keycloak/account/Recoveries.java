package dev.passkeyfirst.keycloak.account;

import java.util.List;

import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.model.PendingPasskey;
import dev.passkeyfirst.keycloak.util.Secrets;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The account's side of recoveries, which sign-in, recovery and "this wasn't me" share (DESIGN §5,
 * one proof, one recovery): the freeze of email and SMS proofs, and the recovery epoch. Every
 * recovery notes the epoch it began in and checks it at each step; ending all recoveries moves the
 * epoch, so recoveries under way in any browser, on any node, end at their next request without
 * anyone having to find them.
 */
public final class Recoveries {

    private static final Logger LOG = Logger.getLogger(Recoveries.class);

    /** User attribute: when "this wasn't me" (or a cancel) froze email and SMS proofs, in millis. */
    public static final String FROZEN = "pkf.recoveryFrozen";
    /** User attribute: changes whenever the account's recoveries are ended. */
    public static final String EPOCH = "pkf.recoveryEpoch";

    private Recoveries() {
    }

    public static boolean frozen(UserModel user) {
        String v = user.getFirstAttribute(FROZEN);
        return v != null && !v.isBlank();
    }

    /** The epoch a recovery starting now belongs to. */
    public static String epoch(UserModel user) {
        String v = user.getFirstAttribute(EPOCH);
        return v == null ? "0" : v;
    }

    /** Whether a recovery that began in {@code epochAtStart} may still go on. */
    public static boolean mayContinue(UserModel user, String epochAtStart) {
        return user.isEnabled() && epoch(user).equals(epochAtStart);
    }

    /** Waiting recovered passkeys of the account (a waiting period not yet over). */
    public static List<PendingPasskey> waiting(KeycloakSession session, RealmModel realm, UserModel user) {
        long now = Time.currentTimeMillis();
        return session.getProvider(PasskeyRecordStore.class).getPendingOfUser(realm, user).stream()
                .filter(p -> p.waitingAt(now)).toList();
    }

    /** The waiting ones among pending passkeys already read. */
    public static List<PendingPasskey> waitingAmong(List<PendingPasskey> pending, long now) {
        return pending.stream().filter(p -> p.waitingAt(now)).toList();
    }

    /**
     * Ends every recovery of the account: those under way stop at their next step, waiting passkeys
     * are removed, the fallback sessions recoveries made are signed out with their tokens, recovery
     * codes a recovery showed are retired; email and SMS stop proving anything until a passkey the
     * account held before signs in.
     *
     * @return how many waiting passkeys were removed
     */
    public static int endAll(KeycloakSession session, RealmModel realm, UserModel user) {
        user.setSingleAttribute(EPOCH, Secrets.random(8));
        user.setSingleAttribute(FROZEN, Long.toString(Time.currentTimeMillis()));
        PasskeyRecordStore records = session.getProvider(PasskeyRecordStore.class);
        int removed = 0;
        for (PendingPasskey p : records.getPendingOfUser(realm, user)) {
            if (p.purpose() == PendingPasskey.Purpose.RECOVERY && records.removePending(realm, p.id())) removed++;
        }
        int sessions = AccountSessions.signOutFallbacks(session, realm, user);
        boolean codes = RecoveryCodes.retireShownInRecovery(user);
        LOG.infof("recoveries of user %s ended: %d waiting passkeys removed, %d fallback sessions signed out%s; email and SMS proofs frozen",
                user.getId(), removed, sessions, codes ? ", the recovery codes a recovery showed retired" : "");
        return removed;
    }

    /**
     * A passkey sign-in lifts the freeze, but only with a passkey the account held before the freeze:
     * one that a recovery added since cannot undo the owner's "this wasn't me".
     */
    public static void liftBy(UserModel user, CredentialModel passkey) {
        String v = user.getFirstAttribute(FROZEN);
        if (v == null || v.isBlank()) return;
        long frozenAt;
        try {
            frozenAt = Long.parseLong(v.trim());
        } catch (NumberFormatException legacyTrue) {
            // frozen by an earlier version, which kept no time: any passkey of the account lifts it
            frozenAt = Long.MAX_VALUE;
        }
        Long created = passkey.getCreatedDate();
        if (created != null && created < frozenAt) user.removeAttribute(FROZEN);
    }
}
