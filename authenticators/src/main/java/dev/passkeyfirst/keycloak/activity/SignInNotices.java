package dev.passkeyfirst.keycloak.activity;

import java.text.DateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;

import dev.passkeyfirst.keycloak.account.ActivityLog;
import dev.passkeyfirst.keycloak.account.KnownBrowser;
import dev.passkeyfirst.keycloak.account.NoticeSettings;
import dev.passkeyfirst.keycloak.account.Sightings;
import dev.passkeyfirst.keycloak.common.AccountConsole;
import dev.passkeyfirst.keycloak.common.GlobalListenerFactory;
import dev.passkeyfirst.keycloak.common.Places;
import dev.passkeyfirst.keycloak.common.RateLimit;
import dev.passkeyfirst.keycloak.common.Requests;
import dev.passkeyfirst.keycloak.events.PkfEvent;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.link.Links;
import dev.passkeyfirst.keycloak.model.Activity;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.model.Sighting;
import dev.passkeyfirst.keycloak.notify.Notifications;
import dev.passkeyfirst.keycloak.events.SignInMarks;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.keycloak.vocabulary.SingleUseKeys;
import org.jboss.logging.Logger;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * "pkf-sign-in-notices": a sign-in from a browser or place that the account's own history does not
 * hold (DESIGN §4.5) emails its owner what, where and when, with a "this wasn't me" link. Decided in
 * the sign-in's request, from one read of the account's lines; an account without history, or
 * without an email address, gets none, and the quiet period and daily limit (cluster-wide slots)
 * keep a user from being flooded.
 */
public class SignInNotices implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(SignInNotices.class);

    static final Set<PkfEvent> SIGN_INS = EnumSet.of(PkfEvent.PASSKEY_SIGN_IN, PkfEvent.PASSWORD_SIGN_IN, PkfEvent.SIGN_IN_LINK_USED);

    private final KeycloakSession session;

    SignInNotices(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getType() != EventType.LOGIN || event.getError() != null || event.getUserId() == null) return;
        Map<String, String> details = SignInMarks.details(session, event);
        PkfEvent kind = PkfEvent.byAction(details.get(PkfEvents.ACTION));
        if (kind == null || !SIGN_INS.contains(kind)) return;
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null) return;
        NoticeSettings settings = NoticeSettings.of(realm);
        if (!settings.enabled() || (!settings.newDevice() && settings.placeBy() == null)) return;
        UserModel user = session.users().getUserById(realm, event.getUserId());
        if (user == null || user.getEmail() == null || user.getEmail().isBlank()) return;
        Sighting here = Places.here(session, realm, event.getIpAddress());
        // the usual sign-in, in the account's browser at its place, shows the realm's word for it
        boolean unconfirmedPlace = "none".equals(details.get(PkfEvents.PLACE_PROOF));
        if (KnownBrowser.vouches(session, realm, user, here, settings.seenDays())) {
            LOG.debugf("sign-in of user %s: the browser's signed word says browser and place are known; no history read", user.getId());
            if (!unconfirmedPlace) KnownBrowser.issue(session, realm, user, here);
            return;
        }
        long at = ActivityLog.at(event);
        // what this sign-in itself wrote (a passkey made in a required action on the way in, before its
        // LOGIN event) is no sighting of this browser
        String sessionId = event.getSessionId();
        List<Activity.Seen> all = session.getProvider(PasskeyRecordStore.class)
                .getSeen(realm, user, at - settings.seenDays() * 86_400_000L, at);
        List<Activity.Seen> history = all.stream().filter(s -> sessionId == null || !sessionId.equals(s.sessionId())).toList();
        long began = all.stream().filter(s -> sessionId != null && sessionId.equals(s.sessionId())).mapToLong(Activity.Seen::at).min().orElse(at);
        // from now on this browser and place are the account's (its line is written with this sign-in)
        if (!unconfirmedPlace) KnownBrowser.issue(session, realm, user, here);
        if (!Sightings.anyHistory(history)) return;
        List<String> what = new ArrayList<>();
        if (settings.newDevice() && Sightings.newDevice(history, here)) what.add("device");
        if (settings.placeBy() != null && Sightings.newPlace(history, here, settings.placeBy())) what.add("place");
        if (what.isEmpty()) return;
        String slot = realm.getId() + ":" + user.getId();
        if (settings.quietMinutes() > 0 && !RateLimit.tryAcquire(session, SingleUseKeys.NOTICE_QUIET + slot, 1, settings.quietMinutes() * 60L)) return;
        if (!RateLimit.tryAcquire(session, SingleUseKeys.NOTICE_DAY + slot, settings.maxPerDay(), 86_400)) return;
        send(realm, user, event, details, kind, at, began, here, what);
    }

    private void send(RealmModel realm, UserModel user, Event event, Map<String, String> details, PkfEvent kind, long at, long began,
                      Sighting here, List<String> what) {
        String credentialId = kind == PkfEvent.PASSKEY_SIGN_IN ? details.get(Details.CREDENTIAL_ID) : null;
        // the link covers everything since the session began, what came before its LOGIN event included
        String id = SignInNotMeLink.LINKS.create(user, event.getSessionId(), credentialId, Long.toString(began), here.device());
        Locale locale = session.getContext().resolveLocale(user);
        DateFormat when = DateFormat.getDateTimeInstance(DateFormat.LONG, DateFormat.SHORT, locale);
        when.setTimeZone(TimeZone.getTimeZone("UTC"));
        CredentialModel passkey = credentialId == null ? null : user.credentialManager().getStoredCredentialById(credentialId);
        Map<String, Object> mail = new HashMap<>();
        mail.put("when", when.format(new Date(at)) + " UTC");
        mail.put("kind", kind.action());
        mail.put("passkeyName", orEmpty(passkey == null ? null : passkey.getUserLabel()));
        mail.put("agent", Requests.agentOrEmpty(session));
        mail.put("place", orEmpty(Places.of(session, realm, event.getIpAddress(), locale.getLanguage())));
        mail.put("newDevice", what.contains("device"));
        mail.put("newPlace", what.contains("place"));
        mail.put("notMeLink", Links.url(session, realm, ProviderIds.PART_SIGN_IN_NOT_ME, id) + "?u=" + user.getId());
        mail.put("accountUrl", AccountConsole.url(session, realm));
        Notifications.sendAfterCommit(session, realm, user, Pages.EMAIL_SIGN_IN_NOTICE, "pkfEmailSignInNoticeSubject", mail);
        PkfEvent.SIGN_IN_NOTICE_SENT.from(new EventBuilder(realm, session, session.getContext().getConnection()))
                .user(user).session(event.getSessionId()).ipAddress(event.getIpAddress())
                .detail(PkfEvents.NEW, String.join(",", what)).success();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
    }

    @Override
    public void close() {
    }

    public static class Factory extends GlobalListenerFactory {
        public Factory() {
            super(ProviderIds.SIGN_IN_NOTICES_LISTENER, SignInNotices::new);
        }
    }
}
