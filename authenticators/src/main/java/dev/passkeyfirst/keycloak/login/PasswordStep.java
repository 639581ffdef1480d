package dev.passkeyfirst.keycloak.login;

import java.util.Set;
import java.util.function.Function;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * The password half of our sign-in page, where the realm accepts one. It is Keycloak's own
 * username-and-password check (lookup, brute-force protection, password policy and hashing, events,
 * remember-me), answered with our page instead of Keycloak's form, so a password behaves here as it
 * does in Keycloak's form.
 */
final class PasswordStep extends AbstractUsernameFormAuthenticator {

    private final Function<LoginFormsProvider, Response> page;

    /** @param page renders our password page around the error Keycloak's check put on the form */
    PasswordStep(Function<LoginFormsProvider, Response> page) {
        this.page = page;
    }

    /**
     * Checks {@code password} for {@code username}; true when the user is signed in ({@code context}
     * holds the user), false when Keycloak's check already answered with our page. An account without a
     * password costs the same hashing as one with a wrong password, so the answer's timing does not say which.
     */
    boolean check(AuthenticationFlowContext context, String username, String password, String rememberMe) {
        MultivaluedMap<String, String> input = new MultivaluedHashMap<>();
        input.putSingle(AuthenticationManager.FORM_USERNAME, username);
        input.putSingle(CredentialRepresentation.PASSWORD, password == null ? "" : password);
        if (rememberMe != null) input.putSingle("rememberMe", rememberMe);
        UserModel known = context.getUser();
        if (known == null) {
            try {
                known = KeycloakModelUtils.findUserByNameOrEmail(context.getSession(), context.getRealm(), username);
            } catch (RuntimeException duplicate) {
                known = null;
            }
        }
        if (known != null && !known.credentialManager().isConfiguredFor(PasswordCredentialModel.TYPE)) {
            AuthenticatorUtils.dummyHash(context);
        }
        String lockedBefore = known == null ? null : AuthenticatorUtils.getDisabledByBruteForceEventError(context, known);
        boolean ok = validateUserAndPassword(context, input);
        if (!ok && known != null && lockedBefore == null && known.isEnabled() && password != null && !password.isEmpty()
                && context.getRealm().isBruteForceProtected()) {
            // Keycloak counts a failed step toward the lockout by the step's category, and ours is a
            // passkey step (whose refusals never lock anyone out): a wrong password is counted here, as a password.
            // Only where the realm counts at all, as Keycloak's own form: the protector keeps its count (a
            // transaction on this thread, another on its executor) whether or not the realm uses it, and only
            // for names that are accounts, so without the guard an account answered later than an unknown name.
            context.getProtector().failedLogin(context.getRealm(), known, context.getConnection(), context.getUriInfo(),
                    Set.of(PasswordCredentialModel.TYPE));
        }
        return ok;
    }

    /** A password sent where none was offered (a forged form): refused as a wrong password, after the same hashing. */
    void refuse(AuthenticationFlowContext context, UserModel user) {
        AuthenticatorUtils.dummyHash(context);
        if (user != null) context.getEvent().user(user);
        context.getEvent().error(Errors.INVALID_USER_CREDENTIALS);
        context.forceChallenge(challenge(context, getDefaultChallengeMessage(context), "password"));
    }

    @Override
    protected Response createLoginForm(LoginFormsProvider form) {
        return page.apply(form);
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
    public void authenticate(AuthenticationFlowContext context) {
        throw new IllegalStateException("PasswordStep is only used by the sign-in step");
    }
}
