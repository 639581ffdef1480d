package dev.passkeyfirst.keycloak.login;

import java.util.List;

import dev.passkeyfirst.keycloak.webauthn.PasskeyVerifier;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.provider.ProviderConfigProperty;

import com.webauthn4j.converter.util.ObjectConverter;

public class PasskeyLoginAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "pkf-passkey-login";

    /** Built once: webauthn4j's converters and verifiers are thread-safe and costly to set up. */
    private PasskeyVerifier verifier;

    @Override
    public Authenticator create(KeycloakSession session) {
        return new PasskeyLoginAuthenticator(session, verifier);
    }

    @Override
    public void init(Config.Scope config) {
        verifier = new PasskeyVerifier(new ObjectConverter());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Passkey First: sign in";
    }

    @Override
    public String getHelpText() {
        return "One page to sign in with a passkey: autofill in the username field (conditional UI), a 'Sign in with a"
                + " passkey' button, and username first for security keys. Unknown usernames are not revealed.";
    }

    /** A passkey sign-in, for Keycloak's credential-based conditions and for step-up mapping. */
    @Override
    public String getReferenceCategory() {
        return WebAuthnCredentialModel.TYPE_PASSWORDLESS;
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENT_CHOICES;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PasskeyLoginConfigProperties.ALL;
    }
}
