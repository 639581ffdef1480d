package dev.passkeyfirst.keycloak.recovery;

import java.util.List;
import java.util.Optional;

import dev.passkeyfirst.keycloak.model.PasskeyRecord;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.util.Secrets;
import dev.passkeyfirst.keycloak.vocabulary.SingleUseKeys;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The "this wasn't me" links of recovery notices. They are the owner's way to stop a recovery in its
 * waiting period, so they must outlive a restart of every node: each is a user attribute (stored with
 * the user, in the database) holding its expiry and what it undoes, named by a hash of the link's
 * secret so that reading the attributes does not give the link. A single-use claim makes one POST the
 * winner across the cluster; the attribute goes in the same transaction, so a used link stays used
 * after a restart too.
 */
public final class NotMeLinks {

    static final String ATTRIBUTE_PREFIX = "pkf.notme.";
    static final long LIFETIME_MILLIS = 7L * 24 * 3600 * 1000;

    /**
     * What one link undoes: a recovery still waiting (its pending passkey, and the hash of that
     * passkey's WebAuthn id, to find it once the waiting is over and it became a credential) or a
     * finished one (its credential).
     */
    public record Notice(String pendingId, String pendingCredentialIdHash, String credentialId) {

        /** The credential this notice's recovery produced, if it has become one by now. */
        public String credentialNow(KeycloakSession session, RealmModel realm, UserModel user) {
            if (credentialId != null) return credentialId;
            if (pendingCredentialIdHash == null) return null;
            PasskeyRecordStore store = session.getProvider(PasskeyRecordStore.class);
            if (pendingId != null && store.getPending(realm, pendingId).isPresent()) return null;
            return store.getForUser(realm, user).stream().filter(r -> pendingCredentialIdHash.equals(r.credentialIdHash()))
                    .map(PasskeyRecord::credentialModelId).findFirst().orElse(null);
        }
    }

    private NotMeLinks() {
    }

    /** A new link's secret for this notice; expired links of the user are dropped on the way. */
    static String create(UserModel user, String pendingId, String pendingCredentialIdHash, String credentialId) {
        long now = Time.currentTimeMillis();
        List<String> expired = user.getAttributes().entrySet().stream()
                .filter(e -> e.getKey().startsWith(ATTRIBUTE_PREFIX))
                .filter(e -> parse(e.getValue().isEmpty() ? null : e.getValue().get(0), now).isEmpty())
                .map(java.util.Map.Entry::getKey).toList();
        expired.forEach(user::removeAttribute);
        String id = Secrets.id();
        user.setSingleAttribute(ATTRIBUTE_PREFIX + hash(id),
                (now + LIFETIME_MILLIS) + "|" + orEmpty(pendingId) + "|" + orEmpty(pendingCredentialIdHash) + "|" + orEmpty(credentialId));
        return id;
    }

    /** The notice behind a link of this user, while it is valid and unused. */
    public static Optional<Notice> find(UserModel user, String id) {
        if (user == null || !Secrets.isId(id)) return Optional.empty();
        return parse(user.getFirstAttribute(ATTRIBUTE_PREFIX + hash(id)), Time.currentTimeMillis());
    }

    /** Uses the link: exactly one caller across the cluster gets the notice, and the link is gone. */
    public static Optional<Notice> take(KeycloakSession session, UserModel user, String id) {
        Optional<Notice> notice = find(user, id);
        if (notice.isEmpty()) return Optional.empty();
        if (!session.singleUseObjects().putIfAbsent(SingleUseKeys.NOT_ME_USED + hash(id), LIFETIME_MILLIS / 1000)) return Optional.empty();
        user.removeAttribute(ATTRIBUTE_PREFIX + hash(id));
        return notice;
    }

    private static Optional<Notice> parse(String value, long now) {
        if (value == null) return Optional.empty();
        String[] parts = value.split("\\|", -1);
        if (parts.length != 4) return Optional.empty();
        try {
            if (Long.parseLong(parts[0]) < now) return Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(new Notice(orNull(parts[1]), orNull(parts[2]), orNull(parts[3])));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String orNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static String hash(String id) {
        return Secrets.sha256(id);
    }
}
