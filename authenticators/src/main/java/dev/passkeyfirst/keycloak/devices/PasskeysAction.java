package dev.passkeyfirst.keycloak.devices;

import dev.passkeyfirst.keycloak.common.AfterRequest;
import dev.passkeyfirst.keycloak.common.FormGuard;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.common.PageData;
import dev.passkeyfirst.keycloak.common.PkfRequiredAction;
import dev.passkeyfirst.keycloak.common.PageModel;
import dev.passkeyfirst.keycloak.common.SecurityHeaders;
import dev.passkeyfirst.keycloak.ceremony.PasskeyNotices;
import dev.passkeyfirst.keycloak.events.PkfEvent;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.session.PasskeySessions;
import dev.passkeyfirst.keycloak.vocabulary.AuthNotes;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.keycloak.vocabulary.SingleUseKeys;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.util.CredentialIds;
import dev.passkeyfirst.keycloak.webauthn.AcceptedCredentials;
import dev.passkeyfirst.keycloak.webauthn.RegistrationResponse;
import dev.passkeyfirst.keycloak.webauthn.RelyingParty;
import dev.passkeyfirst.keycloak.webauthn.StoredPasskey;
import dev.passkeyfirst.keycloak.account.AccountPasskeys;
import dev.passkeyfirst.keycloak.account.RecoveryCodes;
import dev.passkeyfirst.keycloak.account.RecoveryMethods;
import dev.passkeyfirst.keycloak.session.FallbackSessions;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * "Your passkeys" (DESIGN §4.5): each passkey with its provider, whether it syncs, how and when it
 * came, when and where it was last used; rename, remove, and sign out the sessions it signed in.
 * Changes need a recent passkey sign-in; the last passkey cannot be removed here (recovery would be
 * the only way back in).
 */
public class PasskeysAction implements PkfRequiredAction {

    /** Lines of account history the page shows; the rest stays for its retention period. */
    private static final int ACTIVITY_SHOWN = 20;

    /**
     * One change per account at a time, across the cluster: two removals at once could each see "not
     * the last passkey", and a rename could meet a removal of the same row. Released once the change's
     * transaction has ended; the lifespan only bounds a node that died holding it.
     */
    private static final long CHANGE_LOCK_SECONDS = 10;

    private final KeycloakSession session;

    public PasskeysAction(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        context.challenge(render(context, null, null, null, null));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (FormGuard.problem(form) != null) {
            context.challenge(render(context, "pkfErrorFormInvalid", null, null, null));
            return;
        }
        if (form.containsKey("pkf.done")) {
            context.success();
            return;
        }
        if (form.containsKey("pkf.codesSaved")) {
            context.challenge(render(context, null, "pkfInfoRecoveryCodesSaved", null, null));
            return;
        }
        if (form.containsKey("pkf.codes")) {
            recoveryCodes(context);
            return;
        }
        if (form.containsKey("pkf.removePassword") || form.containsKey("pkf.removePasswordConfirmed")) {
            password(context, form.containsKey("pkf.removePasswordConfirmed"));
            return;
        }
        boolean changing = form.containsKey("pkf.rename") || form.containsKey("pkf.remove")
                || form.containsKey("pkf.removeConfirmed") || form.containsKey("pkf.signOut");
        if (changing && !mayChange(context)) {
            context.challenge(render(context, "pkfErrorPasskeysNeedFreshSignIn", null, null, null));
            return;
        }
        if (changing && !lockChanges(context.getUser())) {
            context.challenge(render(context, "pkfErrorPasskeysBusy", null, null, null));
            return;
        }
        if (form.containsKey("pkf.rename")) {
            rename(context, ownPasskey(context, form.getFirst("pkf.rename")), form.getFirst("pkf.label"));
        } else if (form.containsKey("pkf.remove")) {
            Optional<StoredPasskey> p = ownPasskey(context, form.getFirst("pkf.remove"));
            context.challenge(p.isEmpty() ? render(context, "pkfErrorPasskeyUnknown", null, null, null)
                    : render(context, null, null, p.get().credentialModelId(), null));
        } else if (form.containsKey("pkf.removeConfirmed")) {
            remove(context, ownPasskey(context, form.getFirst("pkf.removeConfirmed")));
        } else if (form.containsKey("pkf.signOut")) {
            signOut(context, ownPasskey(context, form.getFirst("pkf.signOut")));
        } else {
            context.challenge(render(context, null, null, null, null));
        }
    }

    private void rename(RequiredActionContext context, Optional<StoredPasskey> passkey, String posted) {
        if (passkey.isEmpty()) {
            context.challenge(render(context, "pkfErrorPasskeyUnknown", null, null, null));
            return;
        }
        String label = RegistrationResponse.cleanLabel(posted);
        if (label == null) {
            context.challenge(render(context, "pkfErrorPasskeyNameEmpty", null, null, null));
            return;
        }
        String id = passkey.get().credentialModelId();
        boolean taken = context.getUser().credentialManager().getStoredCredentialsStream()
                .anyMatch(c -> !c.getId().equals(id) && label.equals(c.getUserLabel()));
        if (taken) {
            context.challenge(render(context, "pkfErrorPasskeyNameTaken", null, null, null));
            return;
        }
        if (!label.equals(passkey.get().model().getUserLabel())) {
            context.getUser().credentialManager().updateCredentialLabel(id, label);
            event(context, PkfEvent.PASSKEY_RENAMED, id).success();
        }
        context.challenge(render(context, null, "pkfInfoPasskeyRenamed", null, null));
    }

    private void remove(RequiredActionContext context, Optional<StoredPasskey> passkey) {
        UserModel user = context.getUser();
        if (passkey.isEmpty()) {
            context.challenge(render(context, "pkfErrorPasskeyUnknown", null, null, null));
            return;
        }
        if (StoredPasskey.of(user).size() < 2) {
            context.challenge(render(context, "pkfErrorLastPasskey", null, null, null));
            return;
        }
        String id = passkey.get().credentialModelId();
        String label = passkey.get().model().getUserLabel();
        String aaguid = passkey.get().data().getAaguid();
        int ended = endSessionsOf(context, id);
        user.credentialManager().removeStoredCredentialById(id);
        session.getProvider(PasskeyRecordStore.class).remove(context.getRealm(), id);
        event(context, PkfEvent.PASSKEY_REMOVED, id).detail(PkfEvents.SESSIONS_ENDED, String.valueOf(ended)).success();
        PasskeyNotices.removed(session, context.getRealm(), user, label, aaguid);
        context.challenge(render(context, null, "pkfInfoPasskeyRemoved", null, signalData(context.getRealm(), user, id)));
    }

    /**
     * "Remove my password" (DESIGN §4.6): only after a fresh passkey sign-in, never from a fallback
     * session, and only while the account keeps a way in without it. The account is passkey-only then.
     */
    private void password(RequiredActionContext context, boolean confirmed) {
        UserModel user = context.getUser();
        String blocker = passwordBlocker(context);
        if (blocker != null || !hasPassword(user)) {
            context.challenge(render(context, blocker == null ? "pkfErrorPasswordNone" : "pkfErrorPasswordRemoval" + blocker, null, null, null));
            return;
        }
        if (!confirmed) {
            context.challenge(render(context, null, null, null, null, true));
            return;
        }
        if (!lockChanges(user)) {
            context.challenge(render(context, "pkfErrorPasskeysBusy", null, null, null));
            return;
        }
        List<String> ids = user.credentialManager().getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
                .map(CredentialModel::getId).toList();
        ids.forEach(id -> user.credentialManager().removeStoredCredentialById(id));
        PkfEvent.PASSWORD_REMOVED.from(context.getEvent()).success();
        PasskeyNotices.passwordRemoved(session, context.getRealm(), user);
        context.challenge(render(context, null, "pkfInfoPasswordRemoved", null, null));
    }

    /** Why this session may not remove the password now, or null. */
    private String passwordBlocker(RequiredActionContext context) {
        if (FallbackSessions.isFallback(context.getAuthenticationSession())) return "FALLBACK";
        if (!mayChange(context)) return "SIGN_IN";
        int passkeys = StoredPasskey.of(context.getUser()).size();
        if (passkeys >= 2) return null;
        if (passkeys == 1 && !RecoveryMethods.of(context.getRealm(), context.getUser()).isEmpty()) return null;
        return "MORE";
    }

    private static boolean hasPassword(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE).findAny().isPresent();
    }

    /** New recovery codes, shown once on their own page; the old set stops working. */
    private void recoveryCodes(RequiredActionContext context) {
        UserModel user = context.getUser();
        if (!RecoveryMethods.codesAccepted(context.getRealm())) {
            context.challenge(render(context, "pkfErrorFormInvalid", null, null, null));
            return;
        }
        if (!mayCreateCodes(context)) {
            context.challenge(render(context, "pkfErrorPasskeysNeedFreshSignIn", null, null, null));
            return;
        }
        if (!lockChanges(user)) {
            context.challenge(render(context, "pkfErrorPasskeysBusy", null, null, null));
            return;
        }
        List<String> codes = RecoveryCodes.issue(user);
        PkfEvent.RECOVERY_CODES_CREATED.from(context.getEvent()).success();
        context.challenge(SecurityHeaders.noFraming(session, context.form()
                .setAttribute("pkfCodes", codes)
                .setAttribute("pkfCodesFile", context.getRealm().getName() + "-recovery-codes.txt")
                .createForm(Pages.RECOVERY_CODES)));
    }

    /** Recovery codes are a way in: not from a fallback session, and from a passkey sign-in where the account has passkeys. */
    private boolean mayCreateCodes(RequiredActionContext context) {
        if (FallbackSessions.isFallback(context.getAuthenticationSession())) return false;
        return StoredPasskey.of(context.getUser()).isEmpty() || mayChange(context);
    }

    private void signOut(RequiredActionContext context, Optional<StoredPasskey> passkey) {
        if (passkey.isEmpty()) {
            context.challenge(render(context, "pkfErrorPasskeyUnknown", null, null, null));
            return;
        }
        String id = passkey.get().credentialModelId();
        int ended = endSessionsOf(context, id);
        event(context, PkfEvent.PASSKEY_SESSIONS_ENDED, id).detail(PkfEvents.SESSIONS_ENDED, String.valueOf(ended)).success();
        context.challenge(render(context, null, "pkfInfoPasskeySessionsEnded", null, null));
    }

    private boolean lockChanges(UserModel user) {
        String key = SingleUseKeys.PASSKEYS_CHANGING + user.getId();
        if (!session.singleUseObjects().putIfAbsent(key, CHANGE_LOCK_SECONDS)) return false;
        AfterRequest.removeSingleUse(session, key);
        return true;
    }

    /** Ends every session of the user signed in with this passkey, except the one on this page. */
    private int endSessionsOf(RequiredActionContext context, String credentialId) {
        String current = currentUserSessionId(context);
        List<UserSessionModel> sessions = session.sessions().getUserSessionsStream(context.getRealm(), context.getUser())
                .filter(s -> credentialId.equals(s.getNote(AuthNotes.PASSKEY_CREDENTIAL)))
                .filter(s -> !s.getId().equals(current))
                .toList();
        sessions.forEach(s -> AuthenticationManager.backchannelLogout(session, s, true));
        return sessions.size();
    }

    private static String currentUserSessionId(RequiredActionContext context) {
        return context.getAuthenticationSession().getParentSession().getId();
    }

    /** A passkey of this user, by the id the page posted; anything else (another user's, garbage) is empty. */
    private static Optional<StoredPasskey> ownPasskey(RequiredActionContext context, String id) {
        if (id == null || id.isBlank()) return Optional.empty();
        return StoredPasskey.of(context.getUser()).stream().filter(p -> p.credentialModelId().equals(id)).findFirst();
    }

    private boolean mayChange(RequiredActionContext context) {
        return PasskeySessions.recentPasskeySignIn(session, context.getRealm(), context.getAuthenticationSession(), getMaxAuthAge(session));
    }

    /** What the browser is told after a removal, so the provider stops offering the removed passkey. */
    private String signalData(RealmModel realm, UserModel user, String removedId) {
        return new PageData()
                .put("rpId", RelyingParty.of(session).id())
                .put("userId", CredentialIds.base64Url(user.getId().getBytes(StandardCharsets.UTF_8)))
                .put("allAcceptedCredentialIds", AcceptedCredentials.of(session, realm, user, removedId))
                .json();
    }

    private Response render(RequiredActionContext context, String error, String info, String confirmRemove, String signal) {
        return render(context, error, info, confirmRemove, signal, false);
    }

    private Response render(RequiredActionContext context, String error, String info, String confirmRemove, String signal,
                            boolean confirmPassword) {
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        String current = PasskeySessions.sessionCredential(context.getAuthenticationSession()).orElse(null);
        String currentSession = currentUserSessionId(context);
        Map<String, Integer> sessionsPerPasskey = new HashMap<>();
        session.sessions().getUserSessionsStream(realm, user)
                .filter(s -> !s.getId().equals(currentSession))
                .map(s -> s.getNote(AuthNotes.PASSKEY_CREDENTIAL)).filter(n -> n != null)
                .forEach(n -> sessionsPerPasskey.merge(n, 1, Integer::sum));

        List<PasskeysPage.Passkey> rows = new ArrayList<>();
        for (AccountPasskeys.Facts f : AccountPasskeys.of(session, realm, user)) {
            rows.add(new PasskeysPage.Passkey(f.id(), f.label(), f.provider(), f.icon(), f.sync(), f.created(), f.enrollment(),
                    f.enrolledFrom(), f.lastUsed(), f.lastUsedAgent(), f.lastUsedPlace(), f.id().equals(current),
                    sessionsPerPasskey.getOrDefault(f.id(), 0)));
        }
        String hint = null;
        String hintProvider = null;
        Set<RecoveryMethods.Method> methods = RecoveryMethods.of(realm, user);
        if (rows.size() == 1) {
            hint = methods.isEmpty() ? "NO_WAY_BACK" : "ONE_PASSKEY";
        } else if (rows.size() > 1) {
            Set<String> providers = rows.stream().map(p -> p.provider() == null ? "" : p.provider()).collect(Collectors.toSet());
            boolean allSynced = rows.stream().allMatch(p -> !p.sync().equals("DEVICE_BOUND"));
            if (providers.size() == 1 && rows.get(0).provider() != null && allSynced) {
                hint = "ONE_PROVIDER";
                hintProvider = rows.get(0).provider();
            }
        }
        LoginFormsProvider form = context.form()
                .setAttribute("pkfPasskeys", PageModel.of(new PasskeysPage(rows, confirmRemove, hint, hintProvider, signal, mayChange(context),
                        new PasskeysPage.WaysBack(methods.stream().map(Enum::name).toList(), RecoveryMethods.codesAccepted(realm),
                                mayCreateCodes(context), hasPassword(user), passwordBlocker(context), confirmPassword),
                        session.getProvider(PasskeyRecordStore.class).getActivity(realm, user, ACTIVITY_SHOWN).stream()
                                .map(a -> new PasskeysPage.Line(a.at(), a.kind(), a.method(), a.label(), a.agent(), a.place())).toList())));
        if (error != null) form.setError(error);
        if (info != null) form.setInfo(info);
        return SecurityHeaders.noFraming(session, form.createForm(Pages.PASSKEYS));
    }

    private EventBuilder event(RequiredActionContext context, PkfEvent action, String credentialId) {
        return action.from(context.getEvent()).detail(PkfEvents.CREDENTIAL_ID, credentialId);
    }
}
