package dev.passkeyfirst.keycloak.recovery;

import dev.passkeyfirst.keycloak.account.RecoveryCodes;
import dev.passkeyfirst.keycloak.common.FormGuard;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.account.Recoveries;
import dev.passkeyfirst.keycloak.common.PageModel;
import dev.passkeyfirst.keycloak.common.PkfAuthenticator;
import dev.passkeyfirst.keycloak.common.RateLimit;
import dev.passkeyfirst.keycloak.common.SecurityHeaders;
import dev.passkeyfirst.keycloak.events.PkfEvent;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.session.FallbackSessions;
import dev.passkeyfirst.keycloak.util.LogSafe;
import dev.passkeyfirst.keycloak.vocabulary.AuthNotes;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.keycloak.webauthn.BadInputException;
import dev.passkeyfirst.keycloak.webauthn.FormFields;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * "Lost your device?", the first page of a recovery, in the realm's reset-credentials flow. It asks
 * for a username or email and answers the same whether or not the account exists, in words and in
 * work: both answers take the same limit slots and write the same kind of entry, the link goes out
 * after the response, limits drop requests silently, and the recovery-code path fails the same way
 * for a stranger as for a wrong code. The rest of the recovery (more proofs, the new passkey)
 * happens in the required action {@link RecoverAction}, reached here by a recovery code or from the
 * email link in the browser that confirmed it.
 */
public class RecoveryAuthenticator implements PkfAuthenticator {

    private static final Logger LOG = Logger.getLogger(RecoveryAuthenticator.class);
    /** Query parameter of the sign-in page's links into this flow: "link" or "recover". */
    public static final String MODE_PARAM = "pkf_mode";

    private final KeycloakSession session;

    public RecoveryAuthenticator(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        RecoveryConfig config = config(context);
        String linked = authSession.getAuthNote(AuthNotes.SIGN_IN_USER);
        if (linked != null) {
            signInByLink(context, config, linked);
            return;
        }
        String mode = context.getUriInfo().getQueryParameters().getFirst(MODE_PARAM);
        if ("link".equals(mode) && config.signInLink()) {
            authSession.setAuthNote(AuthNotes.RECOVERY_MODE, "link");
        } else if (mode != null) {
            authSession.removeAuthNote(AuthNotes.RECOVERY_MODE);
        }
        context.challenge(page(context, "identify", null));
    }

    /** The email sign-in link was confirmed in this browser: a level-1 fallback session, never more. */
    private void signInByLink(AuthenticationFlowContext context, RecoveryConfig config, String userId) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.removeAuthNote(AuthNotes.SIGN_IN_USER);
        UserModel user = session.users().getUserById(context.getRealm(), userId);
        // looked at again: the account may have been disabled, frozen or given a passkey since the link went out
        if (!config.signInLink() || !SignInLinks.eligible(user, config)) {
            PkfEvent.SIGN_IN_LINK_REFUSED.from(context.getEvent()).error(Errors.NOT_ALLOWED);
            context.challenge(page(context, "identify", "pkfErrorSignInLinkInvalid"));
            return;
        }
        context.setUser(user);
        FallbackSessions.mark(authSession, SignInLinks.HOW);
        PkfEvent.SIGN_IN_LINK_USED.from(context.getEvent()).user(user).success();
        context.success();
    }

    private static RecoveryConfig config(AuthenticationFlowContext context) {
        return RecoveryConfig.of(context.getAuthenticatorConfig() == null ? null : context.getAuthenticatorConfig().getConfig());
    }

    private boolean linkMode(AuthenticationFlowContext context, RecoveryConfig config) {
        return config.signInLink() && "link".equals(context.getAuthenticationSession().getAuthNote(AuthNotes.RECOVERY_MODE));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        RecoveryConfig config = config(context);
        boolean link = linkMode(context, config);
        boolean identified = authSession.getAuthNote(AuthNotes.RECOVERY_IDENTIFIER) != null;
        if (FormGuard.problem(form) != null) {
            context.challenge(page(context, identified ? "sent" : "identify", "pkfErrorFormInvalid"));
            return;
        }
        try {
            if (form.containsKey("pkf.restart")) {
                authSession.removeAuthNote(AuthNotes.RECOVERY_IDENTIFIER);
                authSession.removeAuthNote(AuthNotes.SIGN_IN_LINK);
                context.challenge(page(context, "identify", null));
            } else if (form.containsKey("pkf.useCode") && identified && config.codeProof() && !link) {
                context.challenge(page(context, "code", null));
            } else if (form.containsKey("pkf.code") && identified && config.codeProof() && !link) {
                recoveryCode(context, config, FormFields.single(form, "pkf.code", 128));
            } else if (form.containsKey("identifier")) {
                identify(context, config, FormFields.single(form, "identifier", 255), link);
            } else {
                context.challenge(page(context, identified ? "sent" : "identify", null));
            }
        } catch (BadInputException e) {
            LOG.warnf("recovery: malformed input: %s", LogSafe.text(e.getMessage()));
            context.challenge(page(context, "identify", "pkfErrorRecoveryIdentifier"));
        }
    }

    /**
     * A recovery link, or in link mode a sign-in link, for whoever the identifier names. Known and
     * unknown names do the same work in the same order, on the same slots: the limit on what was
     * typed, the limit on this address, one entry written, one event (DESIGN §5: limits are keyed on
     * the normalized identifier, so a stranger's probes find known and unknown names alike). The
     * account is looked up only when a message may go out: past a limit, reading a known account's
     * proofs from the database was the one thing an unknown name did not do, and it showed in the clock.
     */
    private void identify(AuthenticationFlowContext context, RecoveryConfig config, String raw, boolean link) {
        String identifier = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
        if (identifier.isEmpty()) {
            context.challenge(page(context, "identify", "pkfErrorRecoveryIdentifier"));
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.setAuthNote(AuthNotes.RECOVERY_IDENTIFIER, identifier);
        if (link) authSession.removeAuthNote(AuthNotes.SIGN_IN_LINK);
        RealmModel realm = context.getRealm();
        // the limit is keyed on what was typed, account or not: a stranger cannot tell them apart by it
        boolean allowed = RateLimit.tryAcquire(session, (link ? "signin.ask." : "recovery.ask.") + realm.getId() + "." + identifier,
                config.messagesPerUser(), 3600);
        boolean withinLimits = RecoveryMessages.withinAddressLimit(session, realm, config);
        UserModel user = allowed && withinLimits ? KeycloakModelUtils.findUserByNameOrEmail(session, realm, identifier) : null;
        // and per account, by username or email, in either mode: one mailbox, one limit. An unknown
        // name takes a slot of its own, so it does the same work
        boolean accountAllowed = allowed && withinLimits && RateLimit.tryAcquire(session,
                "mail.account." + realm.getId() + "." + (user != null ? user.getId() : "?" + identifier), config.messagesPerUser(), 3600);
        boolean eligible = link ? SignInLinks.eligible(user, config) : user != null && AccountProofs.available(user, config).contains(Proof.EMAIL);
        boolean send = accountAllowed && eligible;
        if (link && send) {
            SignInLinks.send(session, realm, user, authSession, config);
        } else {
            RecoveryMessages.sendLink(session, realm, user, config, send);
        }
        if (send) {
            (link ? PkfEvent.SIGN_IN_LINK_SENT : PkfEvent.RECOVERY_LINK_SENT).from(context.getEvent()).user(user).success();
        } else {
            (link ? PkfEvent.SIGN_IN_LINK_NOT_SENT : PkfEvent.RECOVERY_LINK_NOT_SENT).from(context.getEvent()).error(Errors.USER_NOT_FOUND);
        }
        context.challenge(page(context, "sent", null));
    }

    private void recoveryCode(AuthenticationFlowContext context, RecoveryConfig config, String typed) {
        RealmModel realm = context.getRealm();
        String identifier = context.getAuthenticationSession().getAuthNote(AuthNotes.RECOVERY_IDENTIFIER);
        if (!RateLimit.tryAcquire(session, "recovery.code." + realm.getId() + "." + identifier, config.attempts(), 3600)) {
            context.challenge(page(context, "code", "pkfErrorRecoveryTooManyAttempts"));
            return;
        }
        UserModel user = KeycloakModelUtils.findUserByNameOrEmail(session, realm, identifier);
        Optional<List<String>> renewed = user != null && AccountProofs.available(user, config).contains(Proof.CODE)
                ? RecoveryCodes.redeem(session, user, typed) : Optional.empty();
        if (renewed.isEmpty()) {
            LOG.warnf("recovery: recovery code refused in realm %s", realm.getName());
            PkfEvent.RECOVERY_CODE_REFUSED.from(context.getEvent()).detail(PkfEvents.PROOF, Proof.CODE.name()).error(Errors.INVALID_CODE);
            // a challenge, not a failure: wrong codes are limited above and never lock the account
            context.challenge(page(context, "code", "pkfErrorRecoveryCode"));
            return;
        }
        RecoverAction.start(context.getAuthenticationSession(), Recoveries.epoch(user), Proof.CODE, renewed.get());
        PkfEvent.RECOVERY_PROOF.from(context.getEvent()).user(user).detail(PkfEvents.PROOF, Proof.CODE.name()).success();
        context.setUser(user);
        context.success();
    }

    private Response page(AuthenticationFlowContext context, String view, String error) {
        RecoveryConfig config = config(context);
        boolean link = linkMode(context, config);
        LoginFormsProvider form = context.form()
                .setAttribute("pkfRecovery", PageModel.of(new RecoveryPage(view, context.getAuthenticationSession().getAuthNote(AuthNotes.RECOVERY_IDENTIFIER),
                        config.codeProof() && !link, config.linkMinutes(), link)));
        if (error != null) form.setError(error);
        // a recovery code proves the account: no site may frame this page (DESIGN §5)
        return SecurityHeaders.noFraming(session, form.createForm(Pages.RECOVERY));
    }
}
