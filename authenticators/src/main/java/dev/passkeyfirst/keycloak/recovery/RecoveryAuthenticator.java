package dev.passkeyfirst.keycloak.recovery;

import java.util.Locale;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.common.FallbackSessions;
import dev.passkeyfirst.keycloak.common.RateLimit;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.webauthn.BadInputException;
import dev.passkeyfirst.keycloak.webauthn.FormFields;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * "Lost your device?", the first page of a recovery, in the realm's reset-credentials flow. It asks
 * for a username or email and answers the same whether or not the account exists: the link goes
 * out after the response, limits drop requests silently, and the recovery-code path fails the same
 * way for a stranger as for a wrong code. The rest of the recovery (more proofs, the new passkey)
 * happens in the required action {@link RecoverAction}, reached here by a recovery code or from the
 * email link in any browser.
 */
public class RecoveryAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(RecoveryAuthenticator.class);
    static final String TEMPLATE = "pkf-recovery.ftl";
    static final String NOTE_IDENTIFIER = "pkf.rec.identifier";
    /** Auth note "link" while this flow serves "Email me a sign-in link" rather than a recovery. */
    static final String NOTE_MODE = "pkf.rec.mode";
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
        String linked = authSession.getAuthNote(SignInLinks.NOTE_USER);
        if (linked != null) {
            signInByLink(context, config, linked);
            return;
        }
        String mode = context.getUriInfo().getQueryParameters().getFirst(MODE_PARAM);
        if ("link".equals(mode) && config.signInLink()) {
            authSession.setAuthNote(NOTE_MODE, "link");
        } else if (mode != null) {
            authSession.removeAuthNote(NOTE_MODE);
        }
        context.challenge(page(context, "identify", null));
    }

    /** The email sign-in link was confirmed in this browser: a level-1 fallback session, never more. */
    private void signInByLink(AuthenticationFlowContext context, RecoveryConfig config, String userId) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.removeAuthNote(SignInLinks.NOTE_USER);
        UserModel user = session.users().getUserById(context.getRealm(), userId);
        // looked at again: the account may have been disabled, frozen or given a passkey since the link went out
        if (!config.signInLink() || !SignInLinks.eligible(user, config)) {
            context.getEvent().clone().event(org.keycloak.events.EventType.LOGIN_ERROR).detail(PkfEvents.ACTION, "sign_in_link_refused")
                    .error(Errors.NOT_ALLOWED);
            context.challenge(page(context, "identify", "pkfErrorSignInLinkInvalid"));
            return;
        }
        context.setUser(user);
        FallbackSessions.mark(authSession, SignInLinks.HOW);
        context.getEvent().clone().event(org.keycloak.events.EventType.LOGIN).user(user).detail(PkfEvents.ACTION, "sign_in_link_used").success();
        context.success();
    }

    private static RecoveryConfig config(AuthenticationFlowContext context) {
        return RecoveryConfig.of(context.getAuthenticatorConfig() == null ? null : context.getAuthenticatorConfig().getConfig());
    }

    private boolean linkMode(AuthenticationFlowContext context, RecoveryConfig config) {
        return config.signInLink() && "link".equals(context.getAuthenticationSession().getAuthNote(NOTE_MODE));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        RecoveryConfig config = config(context);
        boolean link = linkMode(context, config);
        try {
            if (form.containsKey("pkf.restart")) {
                authSession.removeAuthNote(NOTE_IDENTIFIER);
                authSession.removeAuthNote(SignInLinks.NOTE_LINK);
                context.challenge(page(context, "identify", null));
            } else if (form.containsKey("pkf.useCode") && authSession.getAuthNote(NOTE_IDENTIFIER) != null && config.codeProof() && !link) {
                context.challenge(page(context, "code", null));
            } else if (form.containsKey("pkf.code") && authSession.getAuthNote(NOTE_IDENTIFIER) != null && config.codeProof() && !link) {
                recoveryCode(context, config, FormFields.single(form, "pkf.code", 128));
            } else if (form.containsKey("identifier") && link) {
                identifyForLink(context, config, FormFields.single(form, "identifier", 255));
            } else if (form.containsKey("identifier")) {
                identify(context, config, FormFields.single(form, "identifier", 255));
            } else {
                context.challenge(page(context, authSession.getAuthNote(NOTE_IDENTIFIER) == null ? "identify" : "sent", null));
            }
        } catch (BadInputException e) {
            LOG.warnf("recovery: malformed input: %s", e.getMessage());
            context.challenge(page(context, "identify", "pkfErrorRecoveryIdentifier"));
        }
    }

    private void identify(AuthenticationFlowContext context, RecoveryConfig config, String raw) {
        String identifier = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
        if (identifier.isEmpty()) {
            context.challenge(page(context, "identify", "pkfErrorRecoveryIdentifier"));
            return;
        }
        context.getAuthenticationSession().setAuthNote(NOTE_IDENTIFIER, identifier);
        RealmModel realm = context.getRealm();
        // the limit is keyed on what was typed, account or not: a stranger cannot tell them apart by it
        boolean allowed = RateLimit.tryAcquire(session, "recovery.ask." + realm.getId() + "." + identifier, config.messagesPerUser(), 3600);
        UserModel user = KeycloakModelUtils.findUserByNameOrEmail(session, realm, identifier);
        if (allowed && user != null && user.isEnabled() && AccountProofs.available(user, config).contains(Proof.EMAIL)
                && RecoveryMessages.withinLimits(session, realm, user, config)) {
            RecoveryMessages.sendLink(session, realm, user, config);
            context.getEvent().clone().event(org.keycloak.events.EventType.SEND_RESET_PASSWORD).user(user)
                    .detail(PkfEvents.ACTION, "recovery_link_sent").success();
        } else {
            // the same kind of work as a sent link (an event row, the same limit checks), so the
            // answer takes about as long either way
            RateLimit.tryAcquire(session, "recovery.none." + realm.getId() + "." + identifier, 1, 1);
            context.getEvent().clone().event(org.keycloak.events.EventType.SEND_RESET_PASSWORD_ERROR)
                    .detail(PkfEvents.ACTION, "recovery_link_not_sent").error(Errors.USER_NOT_FOUND);
        }
        context.challenge(page(context, "sent", null));
    }

    /**
     * "Email me a sign-in link": the same answer for every identifier, as for a recovery; the link is
     * tied to this authentication session, so it works only in this browser.
     */
    private void identifyForLink(AuthenticationFlowContext context, RecoveryConfig config, String raw) {
        String identifier = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
        if (identifier.isEmpty()) {
            context.challenge(page(context, "identify", "pkfErrorRecoveryIdentifier"));
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.setAuthNote(NOTE_IDENTIFIER, identifier);
        authSession.removeAuthNote(SignInLinks.NOTE_LINK);
        RealmModel realm = context.getRealm();
        boolean allowed = RateLimit.tryAcquire(session, "signin.ask." + realm.getId() + "." + identifier, config.messagesPerUser(), 3600);
        UserModel user = KeycloakModelUtils.findUserByNameOrEmail(session, realm, identifier);
        if (allowed && SignInLinks.eligible(user, config) && RecoveryMessages.withinLimits(session, realm, user, config)) {
            SignInLinks.send(session, realm, user, authSession, config);
            context.getEvent().clone().event(org.keycloak.events.EventType.SEND_RESET_PASSWORD).user(user)
                    .detail(PkfEvents.ACTION, "sign_in_link_sent").success();
        } else {
            RateLimit.tryAcquire(session, "signin.none." + realm.getId() + "." + identifier, 1, 1);
            context.getEvent().clone().event(org.keycloak.events.EventType.SEND_RESET_PASSWORD_ERROR)
                    .detail(PkfEvents.ACTION, "sign_in_link_not_sent").error(Errors.USER_NOT_FOUND);
        }
        context.challenge(page(context, "sent", null));
    }

    private void recoveryCode(AuthenticationFlowContext context, RecoveryConfig config, String typed) {
        RealmModel realm = context.getRealm();
        String identifier = context.getAuthenticationSession().getAuthNote(NOTE_IDENTIFIER);
        if (!RateLimit.tryAcquire(session, "recovery.code." + realm.getId() + "." + identifier, config.attempts(), 3600)) {
            context.challenge(page(context, "code", "pkfErrorRecoveryTooManyAttempts"));
            return;
        }
        UserModel user = KeycloakModelUtils.findUserByNameOrEmail(session, realm, identifier);
        boolean valid = user != null && user.isEnabled() && AccountProofs.available(user, config).contains(Proof.CODE)
                && RecoveryCodes.matches(user, typed);
        if (!valid) {
            LOG.warnf("recovery: recovery code refused in realm %s", realm.getName());
            context.getEvent().clone().event(org.keycloak.events.EventType.RESET_PASSWORD_ERROR)
                    .detail(PkfEvents.ACTION, "recovery_code_refused").error(Errors.INVALID_CODE);
            context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, page(context, "code", "pkfErrorRecoveryCode"));
            return;
        }
        RecoverAction.start(context.getAuthenticationSession(), user, Proof.CODE, RecoveryCodes.renew(user));
        context.getEvent().clone().user(user).detail(PkfEvents.ACTION, "recovery_proof_code").success();
        context.setUser(user);
        context.success();
    }

    private Response page(AuthenticationFlowContext context, String view, String error) {
        RecoveryConfig config = config(context);
        boolean link = linkMode(context, config);
        LoginFormsProvider form = context.form()
                .setAttribute("pkfRecovery", new RecoveryPage(view, context.getAuthenticationSession().getAuthNote(NOTE_IDENTIFIER),
                        config.codeProof() && !link, config.linkMinutes(), link));
        if (error != null) form.setError(error);
        return form.createForm(TEMPLATE);
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
