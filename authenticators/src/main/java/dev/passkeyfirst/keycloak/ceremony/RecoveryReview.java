package dev.passkeyfirst.keycloak.ceremony;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.passkeyfirst.keycloak.account.AccountSessions;
import dev.passkeyfirst.keycloak.account.Recoveries;
import dev.passkeyfirst.keycloak.events.PkfEvent;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.session.PasskeySessions;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.SessionExpiration;

/**
 * A recovered passkey that works at once belongs to a recovery still under way until that recovery's
 * review is done (DESIGN §5: "this wasn't me" or a cancel ends every recovery under way). Ending the
 * account's recoveries then removes it too, not only the passkeys still waiting: else a second
 * recovery that reached its review before the owner's "this wasn't me" about the first kept its
 * passkey. A recovery whose review is done is a recovery of its own, undone by its own notice.
 */
public final class RecoveryReview {

    private static final Logger LOG = Logger.getLogger(RecoveryReview.class);

    /**
     * User attribute, one value per passkey: {@code <credential id>@<until, millis>}. A recovery lives
     * in its authentication session; past that session's lifespan it can no longer be reviewed.
     */
    static final String UNDER_REVIEW = "pkf.recoveredUnderReview";

    private RecoveryReview() {
    }

    /** The passkey a recovery just made work, before its review. */
    public static void started(RealmModel realm, UserModel user, String credentialId) {
        long until = Time.currentTimeMillis() + SessionExpiration.getAuthSessionLifespan(realm) * 1000L;
        List<String> values = new ArrayList<>(live(user));
        values.add(credentialId + "@" + until);
        user.setAttribute(UNDER_REVIEW, values);
    }

    /** The recovery's review is done: its passkey is the account's like any other. */
    public static void done(UserModel user, String credentialId) {
        List<String> values = live(user).stream().filter(v -> !v.startsWith(credentialId + "@")).toList();
        if (values.isEmpty()) user.removeAttribute(UNDER_REVIEW);
        else user.setAttribute(UNDER_REVIEW, values);
    }

    /**
     * What ending the recoveries removed.
     *
     * @param waiting  how many waiting passkeys (never credentials)
     * @param passkeys the credential ids of the passkeys whose recovery was still under review
     */
    public record Ended(int waiting, Set<String> passkeys) {
    }

    /**
     * Ends every recovery of the account ({@link Recoveries#endAll}) and removes the passkeys of those
     * still under review, each an event and a notice, with the sessions they signed in.
     */
    public static Ended endAll(KeycloakSession session, RealmModel realm, UserModel user) {
        int waiting = Recoveries.endAll(session, realm, user);
        Set<String> underReview = new HashSet<>();
        for (String v : live(user)) underReview.add(v.substring(0, v.lastIndexOf('@')));
        user.removeAttribute(UNDER_REVIEW);
        Set<String> removed = new HashSet<>();
        for (String id : underReview) {
            if (PasskeyRemoval.remove(session, realm, user, id).isEmpty()) continue;
            PkfEvent.PASSKEY_REMOVED.from(new EventBuilder(realm, session, session.getContext().getConnection())).user(user)
                    .detail(PkfEvents.CREDENTIAL_ID, id).detail(PkfEvents.REASON, "recovery_ended").success();
            removed.add(id);
        }
        if (!removed.isEmpty()) {
            int sessions = AccountSessions.signOut(session, realm, user,
                    s -> PasskeySessions.of(s).map(p -> removed.contains(p.credentialId())).orElse(false));
            LOG.infof("recoveries of user %s ended: %d passkeys of recoveries under review removed, %d of their sessions signed out",
                    user.getId(), removed.size(), sessions);
        }
        return new Ended(waiting, Set.copyOf(removed));
    }

    /** The values not yet past their time; a malformed one (edited by hand) counts as past. */
    private static List<String> live(UserModel user) {
        long now = Time.currentTimeMillis();
        return user.getAttributeStream(UNDER_REVIEW).filter(v -> {
            int at = v.lastIndexOf('@');
            if (at <= 0) return false;
            try {
                return Long.parseLong(v.substring(at + 1)) > now;
            } catch (NumberFormatException malformed) {
                return false;
            }
        }).toList();
    }
}
