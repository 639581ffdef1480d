package dev.passkeyfirst.keycloak.register;

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

    /** Tells the create step that this passkey is the one made at sign-up. */
    static final String NOTE_SIGN_UP = "pkf.signUp";

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
        user.addRequiredAction(CreatePasskeyActionFactory.PROVIDER_ID);
        context.getAuthenticationSession().setAuthNote(NOTE_SIGN_UP, "true");
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
