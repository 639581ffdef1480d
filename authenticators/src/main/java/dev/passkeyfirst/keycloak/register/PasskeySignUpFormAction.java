package dev.passkeyfirst.keycloak.register;

import dev.passkeyfirst.keycloak.vocabulary.AuthNotes;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.authentication.FormAction;
import org.keycloak.authentication.FormContext;
import org.keycloak.authentication.ValidationContext;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Last step of a passkey-only registration form: the new account's first credential is a passkey.
 * Put it after "Registration User Profile Creation" in a registration form without "Password
 * Validation"; the page then has no password field and the user creates a passkey right after
 * verifying their email.
 */
public class PasskeySignUpFormAction implements FormAction {

    @Override
    public void buildPage(FormContext context, LoginFormsProvider form) {
        form.setAttribute("pkfPasskeySignUp", true);
    }

    @Override
    public void validate(ValidationContext context) {
        context.success();
    }

    @Override
    public void success(FormContext context) {
        UserModel user = context.getUser();
        if (user == null) return;
        user.addRequiredAction(ProviderIds.CREATE_PASSKEY);
        // tells the create step that this passkey is the account's first, made at sign-up
        context.getAuthenticationSession().setAuthNote(AuthNotes.CREATE_SIGN_UP, "true");
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    /** Every new account can get a passkey: nothing to configure first, nothing to close. */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // the passkey is asked for in success(), once the account exists
    }

    @Override
    public void close() {
        // a singleton that holds nothing
    }
}
