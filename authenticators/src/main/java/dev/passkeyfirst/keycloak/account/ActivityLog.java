package dev.passkeyfirst.keycloak.account;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import dev.passkeyfirst.keycloak.common.GlobalListenerFactory;
import dev.passkeyfirst.keycloak.common.Places;
import dev.passkeyfirst.keycloak.common.Requests;
import dev.passkeyfirst.keycloak.events.PkfEvent;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.events.SignInMethods;
import dev.passkeyfirst.keycloak.model.Activity;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.model.Sighting;
import dev.passkeyfirst.keycloak.events.SignInMarks;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * "pkf-activity": writes each user's account history from our events, in the transaction of the
 * request that caused them (a sign-in that rolls back leaves no line). A global listener: nothing to
 * enable per realm. One insert per event; nothing is read back on the way.
 */
public class ActivityLog implements EventListenerProvider {

    static final String ID = "pkf-activity";

    /** What a user recognises as their own doing: ways in, and changes of their passkeys and ways back in. */
    static final Set<PkfEvent> LOGGED = EnumSet.of(
            PkfEvent.PASSKEY_SIGN_IN, PkfEvent.PASSWORD_SIGN_IN, PkfEvent.SIGN_IN_LINK_USED, PkfEvent.RECOVERY_PROOF,
            PkfEvent.PASSKEY_ADDED, PkfEvent.PASSKEY_RENAMED, PkfEvent.PASSKEY_REMOVED, PkfEvent.PASSKEY_REMOVED_AT_RECOVERY,
            PkfEvent.PASSKEY_SESSIONS_ENDED, PkfEvent.RECOVERY_WAITING, PkfEvent.RECOVERY_COMPLETED,
            PkfEvent.RECOVERY_CANCELLED_BY_OWNER, PkfEvent.RECOVERY_CANCELLED_FROM_DEVICE, PkfEvent.RECOVERY_CODES_CREATED,
            PkfEvent.PASSWORD_REMOVED, PkfEvent.UPGRADE_CREATED, PkfEvent.UPGRADE_REMOVED, PkfEvent.SIGN_IN_DISOWNED);

    private final KeycloakSession session;

    ActivityLog(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getError() != null || event.getUserId() == null) return;
        Map<String, String> details = SignInMarks.details(session, event);
        PkfEvent kind = PkfEvent.byAction(details.get(PkfEvents.ACTION));
        if (kind == null || !LOGGED.contains(kind)) return;
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        UserModel user = realm == null ? null : session.users().getUserById(realm, event.getUserId());
        if (user == null) return;
        String language = session.getContext().resolveLocale(user).getLanguage();
        // our events name the passkey in pkf_credential_id, Keycloak's sign-in event in credential_id
        String credentialId = details.getOrDefault(PkfEvents.CREDENTIAL_ID, details.get(Details.CREDENTIAL_ID));
        session.getProvider(PasskeyRecordStore.class).addActivity(new Activity(KeycloakModelUtils.generateId(), realm.getId(), user.getId(),
                at(event), kind.action(), method(kind, details), label(user, credentialId), Requests.agent(session),
                Places.of(session, realm, event.getIpAddress(), language), credentialId, seen(realm, event, details), sessionId(event)));
    }

    /**
     * The sign-in session of the line: the event's, or the one this authentication is making (Keycloak
     * gives the user session its authentication's root id), for what happens on the way in.
     */
    private String sessionId(Event event) {
        if (event.getSessionId() != null) return event.getSessionId();
        AuthenticationSessionModel auth = session.getContext().getAuthenticationSession();
        return auth == null || auth.getParentSession() == null ? null : auth.getParentSession().getId();
    }

    /** When the event happened, as its line and every comparison with it record it. */
    public static long at(Event event) {
        return event.getTime() > 0 ? event.getTime() : Time.currentTimeMillis();
    }

    /**
     * Where the event happened. A passkey sign-in from a new place that gave no second proof leaves its
     * place out: otherwise its next sign-in from there would count as the account's own place.
     */
    private Sighting seen(RealmModel realm, Event event, Map<String, String> details) {
        Sighting here = Places.here(session, realm, event.getIpAddress());
        return "none".equals(details.get(PkfEvents.PLACE_PROOF)) ? new Sighting(here.device(), null, null) : here;
    }

    private static String method(PkfEvent kind, Map<String, String> details) {
        if (kind == PkfEvent.RECOVERY_PROOF) return SignInMethods.fallback(details.get(PkfEvents.PROOF));
        if (kind == PkfEvent.PASSKEY_ADDED) return details.get(PkfEvents.ENROLLMENT);
        return SignInMethods.of(kind.action(), details);
    }

    /** The passkey's name now, while it still exists (a removed one has none left to read). */
    private static String label(UserModel user, String credentialId) {
        if (credentialId == null) return null;
        CredentialModel c = user.credentialManager().getStoredCredentialById(credentialId);
        return c == null ? null : c.getUserLabel();
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
    }

    @Override
    public void close() {
    }

    public static class Factory extends GlobalListenerFactory {
        public Factory() {
            super(ID, ActivityLog::new);
        }
    }
}
