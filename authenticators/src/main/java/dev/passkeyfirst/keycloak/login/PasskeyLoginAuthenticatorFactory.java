package dev.passkeyfirst.keycloak.login;

import java.util.List;

import dev.passkeyfirst.keycloak.ceremony.SignInCeremony;
import dev.passkeyfirst.keycloak.common.PkfAuthenticatorFactory;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.Config;
import org.keycloak.authentication.AuthenticationFlowCallbackFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.provider.ProviderConfigProperty;

import com.webauthn4j.converter.util.ObjectConverter;

/** A flow callback too: a password sign-in through this step corrects the level its sub-flow gave. */
public class PasskeyLoginAuthenticatorFactory extends PkfAuthenticatorFactory implements AuthenticationFlowCallbackFactory {

    public static final String PROVIDER_ID = ProviderIds.PASSKEY_LOGIN;

    /** Built once: webauthn4j's converters and verifiers are thread-safe and costly to set up. */
    private SignInCeremony signIn;

    @Override
    public Authenticator create(KeycloakSession session) {
        return new PasskeyLoginAuthenticator(session, signIn);
    }

    @Override
    public void init(Config.Scope config) {
        signIn = new SignInCeremony(new ObjectConverter());
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
                + " passkey' button, and username first for security keys; a password only as configured, for accounts"
                + " moving to passkeys.";
    }

    /** A passkey sign-in, for Keycloak's credential-based conditions and for step-up mapping. */
    @Override
    public String getReferenceCategory() {
        return WebAuthnCredentialModel.TYPE_PASSWORDLESS;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PasskeyLoginConfigProperties.ALL;
    }
}
