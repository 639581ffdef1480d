package dev.passkeyfirst.keycloak.activity;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.account.AccountSessions;
import dev.passkeyfirst.keycloak.ceremony.PasskeyRemoval;
import dev.passkeyfirst.keycloak.ceremony.RecoveryReview;
import dev.passkeyfirst.keycloak.events.PkfEvent;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.link.AttributeLinks;
import dev.passkeyfirst.keycloak.link.Link;
import dev.passkeyfirst.keycloak.link.LinkPage;
import dev.passkeyfirst.keycloak.link.PartFactory;
import dev.passkeyfirst.keycloak.link.PartRequest;
import dev.passkeyfirst.keycloak.model.Activity;
import dev.passkeyfirst.keycloak.model.PasskeyRecord;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.session.PasskeySessions;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.keycloak.vocabulary.SingleUseKeys;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * "This wasn't me", from a sign-in notice (DESIGN §4.5, §5): the page says what it will do; the POST
 * ends the noticed sign-in's session and every session it led to, removes the passkeys it brought
 * (made in that browser since, or approved for another device by the passkey that signed in), and
 * pauses email and SMS proofs until a passkey the account held before signs in. It signs no one in,
 * and leaves the owner's other sessions alone.
 */
public class SignInNotMeLink extends Link {

    static final String COOKIE = "PKF_SIGN_IN_NOT_ME";
    /** A notice stays actionable for a week, across restarts: the owner may read their mail late. */
    static final AttributeLinks LINKS = new AttributeLinks("pkf.notmesignin.", SingleUseKeys.SIGN_IN_NOT_ME_USED, 7L * 24 * 3600 * 1000);

    /** What a link undoes: the session of the sign-in, the passkey that signed in (if one did), when, and the browser. */
    record Noticed(String sessionId, String credentialId, long at, String device) {

        static Optional<Noticed> of(List<String> fields) {
            if (fields.size() != 4 || fields.get(2) == null) return Optional.empty();
            try {
                return Optional.of(new Noticed(fields.get(0), fields.get(1), Long.parseLong(fields.get(2)), fields.get(3)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    public SignInNotMeLink() {
        super(ProviderIds.PART_SIGN_IN_NOT_ME, COOKIE, Pages.SIGN_IN_NOT_ME, "pkfErrorNoticeLinkInvalid");
    }

    @Override
    protected String actionQuery(PartRequest request) {
        return userQuery(request);
    }

    @Override
    protected Response show(PartRequest request) {
        Optional<Noticed> noticed = noticed(request);
        if (noticed.isEmpty()) return gone(request, 410);
        return confirmPage(request, LinkPage.confirm(null, null, noticed.get().at()), 3600);
    }

    @Override
    protected Response take(PartRequest request, String binding) {
        KeycloakSession session = request.session();
        RealmModel realm = request.realm();
        UserModel user = namedUser(request);
        Optional<Noticed> taken = user == null ? Optional.empty() : LINKS.take(session, user, request.id()).flatMap(Noticed::of);
        if (taken.isEmpty()) return gone(request, 410);
        Noticed noticed = taken.get();
        Set<String> removed = removeBrought(session, realm, user, noticed);
        int ended = AccountSessions.signOut(session, realm, user, s -> s.getId().equals(noticed.sessionId())
                || PasskeySessions.of(s).map(p -> removed.contains(p.credentialId())).orElse(false));
        RecoveryReview.endAll(session, realm, user);
        PkfEvent.SIGN_IN_DISOWNED.from(request.event()).user(user)
                .detail(PkfEvents.SESSIONS_ENDED, Integer.toString(ended))
                .detail(PkfEvents.PASSKEYS_REMOVED, Integer.toString(removed.size())).success();
        return viewPage(request, "done", null, 200);
    }

    /** Removes the passkeys the disowned sign-in brought to the account; their credential ids. */
    private static Set<String> removeBrought(KeycloakSession session, RealmModel realm, UserModel user, Noticed noticed) {
        PasskeyRecordStore store = session.getProvider(PasskeyRecordStore.class);
        Set<String> brought = new HashSet<>();
        if (noticed.device() != null || noticed.sessionId() != null) {
            for (Activity.Seen s : store.getSeen(realm, user, noticed.at(), Time.currentTimeMillis() + 1)) {
                PkfEvent kind = PkfEvent.byAction(s.kind());
                if ((kind == PkfEvent.PASSKEY_ADDED || kind == PkfEvent.UPGRADE_CREATED) && s.credentialId() != null
                        && (same(noticed.device(), s.where().device()) || same(noticed.sessionId(), s.sessionId()))) {
                    brought.add(s.credentialId());
                }
            }
        }
        if (noticed.credentialId() != null) {
            for (PasskeyRecord r : store.getForUser(realm, user)) {
                if (noticed.credentialId().equals(r.added().from()) && r.added().at() >= noticed.at()) brought.add(r.credentialModelId());
            }
        }
        // the passkey that signed in was the account's before: "this wasn't me" takes back what it did, not the passkey
        if (noticed.credentialId() != null) brought.remove(noticed.credentialId());
        Set<String> removed = new HashSet<>();
        for (String id : brought) {
            if (PasskeyRemoval.remove(session, realm, user, id).isPresent()) removed.add(id);
        }
        return removed;
    }

    private static boolean same(String known, String other) {
        return known != null && known.equals(other);
    }

    private Optional<Noticed> noticed(PartRequest request) {
        UserModel user = namedUser(request);
        return user == null ? Optional.empty() : LINKS.find(user, request.id()).flatMap(Noticed::of);
    }


    public static class Factory extends PartFactory {
        public Factory() {
            super(ProviderIds.PART_SIGN_IN_NOT_ME, SignInNotMeLink::new);
        }
    }
}
