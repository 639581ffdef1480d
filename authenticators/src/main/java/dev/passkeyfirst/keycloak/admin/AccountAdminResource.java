package dev.passkeyfirst.keycloak.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.passkeyfirst.keycloak.account.AccountPasskeys;
import dev.passkeyfirst.keycloak.account.RecoveryMethods;
import dev.passkeyfirst.keycloak.account.Recoveries;
import dev.passkeyfirst.keycloak.ceremony.PasskeyNotices;
import dev.passkeyfirst.keycloak.ceremony.RecoveryReview;
import dev.passkeyfirst.keycloak.metrics.PkfMetricsListenerFactory;
import dev.passkeyfirst.keycloak.model.Adoption;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.model.PendingPasskey;
import dev.passkeyfirst.keycloak.vocabulary.SingleUseKeys;
import org.jboss.logging.Logger;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/passkey-first/users/{id}}: what an administrator needs to see why a
 * user cannot get in, with Keycloak's own admin permissions (view-users to read, manage-users to
 * act, fine-grained permissions where the realm uses them). Every action is an admin event.
 */
public class AccountAdminResource {

    private static final Logger LOG = Logger.getLogger(AccountAdminResource.class);
    private static final long RECOUNT_AFTER_SECONDS = 60;
    private static final int ACTIVITY_SHOWN = 50;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    AccountAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.USER);
    }

    /** The user's passkeys with our facts, pending passkeys (waiting recoveries, pairings), the freeze, the ways back in. */
    @GET
    @Path("users/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> user(@PathParam("id") String id) {
        UserModel user = user(id, false);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("passkeys", AccountPasskeys.of(session, realm, user));
        List<Map<String, Object>> pending = session.getProvider(PasskeyRecordStore.class).getPendingOfUser(realm, user).stream()
                .map(AccountAdminResource::pending).toList();
        out.put("pending", pending);
        out.put("frozenSince", frozenSince(user));
        out.put("password", user.credentialManager().isConfiguredFor(PasswordCredentialModel.TYPE));
        out.put("waysBackIn", RecoveryMethods.of(realm, user));
        out.put("activity", session.getProvider(PasskeyRecordStore.class).getActivity(realm, user, ACTIVITY_SHOWN));
        return out;
    }

    /** Ends every recovery of the account (waiting passkeys removed, fallback sessions out) and freezes fallbacks, as "this wasn't me" does. */
    @POST
    @Path("users/{id}/recoveries/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> cancelRecoveries(@PathParam("id") String id) {
        UserModel user = user(id, true);
        int removed = RecoveryReview.endAll(session, realm, user).waiting();
        PasskeyNotices.adminChanged(session, realm, user, PasskeyNotices.AdminChange.RECOVERIES_CANCELLED);
        LOG.infof("admin ended the recoveries of user %s in realm %s", user.getId(), realm.getName());
        adminEvent.operation(OperationType.ACTION).resourcePath(session.getContext().getUri())
                .representation(Map.of("action", "pkf_recoveries_cancelled", "pendingRemoved", removed)).success();
        return Map.of("pendingRemoved", removed, "frozenSince", frozenSince(user));
    }

    /** Lifts the freeze a "this wasn't me" (or a cancel) set: email and SMS prove the account again. */
    @POST
    @Path("users/{id}/freeze/lift")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> liftFreeze(@PathParam("id") String id) {
        UserModel user = user(id, true);
        boolean was = Recoveries.frozen(user);
        user.removeAttribute(Recoveries.FROZEN);
        // a lift of nothing changed nothing: no email about it
        if (was) PasskeyNotices.adminChanged(session, realm, user, PasskeyNotices.AdminChange.FREEZE_LIFTED);
        adminEvent.operation(OperationType.ACTION).resourcePath(session.getContext().getUri())
                .representation(Map.of("action", "pkf_freeze_lifted", "wasFrozen", was)).success();
        return Map.of("wasFrozen", was);
    }

    /** The realm's adoption numbers as last counted (the same the metrics show); 404 before the first count. */
    @GET
    @Path("adoption")
    @Produces(MediaType.APPLICATION_JSON)
    public Adoption adoption() {
        auth.users().requireView();
        return session.getProvider(PasskeyRecordStore.class).getAdoption(realm)
                .orElseThrow(() -> new NotFoundException("Not counted yet"));
    }

    /**
     * Counts the realm now instead of waiting for the schedule. At most one such count per realm per
     * minute, across the cluster; a press within that minute gets the last count: a button pressed in
     * a loop costs one count a minute, not one per press.
     */
    @POST
    @Path("adoption/count")
    @Produces(MediaType.APPLICATION_JSON)
    public Adoption countAdoption() {
        auth.users().requireView();
        Adoption last = session.getProvider(PasskeyRecordStore.class).getAdoption(realm).orElse(null);
        boolean mayCount = session.singleUseObjects().putIfAbsent(SingleUseKeys.ADOPTION_COUNT + realm.getId(), RECOUNT_AFTER_SECONDS);
        Adoption counted = !mayCount && last != null ? last : AdoptionCount.count(session, realm);
        // this node's gauges show it at once; the others within their refresh interval
        session.getTransactionManager().enlistAfterCompletion(new org.keycloak.models.AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                if (session.getKeycloakSessionFactory().getProviderFactory(EventListenerProvider.class, PkfMetricsListenerFactory.ID)
                        instanceof PkfMetricsListenerFactory metrics) {
                    metrics.refresh(session.getKeycloakSessionFactory());
                }
            }

            @Override
            protected void rollbackImpl() {
            }
        });
        return counted;
    }

    /** The user, after Keycloak's own check: view to read, manage to act. A user the admin may not see is "not found" either way. */
    private UserModel user(String id, boolean manage) {
        auth.users().requireView();
        UserModel user = id == null ? null : session.users().getUserById(realm, id);
        if (user == null || !auth.users().canView(user)) throw new NotFoundException("User not found");
        if (manage) auth.users().requireManage(user);
        return user;
    }

    private static Map<String, Object> pending(PendingPasskey p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("purpose", p.purpose().name());
        m.put("label", p.label());
        m.put("createdAt", p.createdAt());
        m.put("createdAgent", p.createdAgent());
        m.put("activateAt", p.activateAt());
        m.put("expiresAt", p.expiresAt());
        return m;
    }

    private static Long frozenSince(UserModel user) {
        String v = user.getFirstAttribute(Recoveries.FROZEN);
        if (v == null || v.isBlank()) return null;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException legacy) {
            return 0L;
        }
    }
}
