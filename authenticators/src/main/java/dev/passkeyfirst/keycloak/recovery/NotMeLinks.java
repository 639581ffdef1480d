package dev.passkeyfirst.keycloak.recovery;

import java.util.List;
import java.util.Optional;

import dev.passkeyfirst.keycloak.model.PasskeyRecord;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.link.AttributeLinks;
import dev.passkeyfirst.keycloak.vocabulary.SingleUseKeys;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The "this wasn't me" links of recovery notices. They are the owner's way to stop a recovery in its
 * waiting period, so they must outlive a restart of every node: user-attribute links
 * ({@link AttributeLinks}) holding what the link undoes.
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

    private static final AttributeLinks LINKS = new AttributeLinks(ATTRIBUTE_PREFIX, SingleUseKeys.NOT_ME_USED, LIFETIME_MILLIS);

    private NotMeLinks() {
    }

    /** A new link's secret for this notice; expired links of the user are dropped on the way. */
    static String create(UserModel user, String pendingId, String pendingCredentialIdHash, String credentialId) {
        return LINKS.create(user, pendingId, pendingCredentialIdHash, credentialId);
    }

    /** The notice behind a link of this user, while it is valid and unused. */
    public static Optional<Notice> find(UserModel user, String id) {
        return LINKS.find(user, id).flatMap(NotMeLinks::notice);
    }

    /** Uses the link: exactly one caller across the cluster gets the notice, and the link is gone. */
    public static Optional<Notice> take(KeycloakSession session, UserModel user, String id) {
        return LINKS.take(session, user, id).flatMap(NotMeLinks::notice);
    }

    private static Optional<Notice> notice(List<String> fields) {
        return fields.size() == 3 ? Optional.of(new Notice(fields.get(0), fields.get(1), fields.get(2))) : Optional.empty();
    }
}
