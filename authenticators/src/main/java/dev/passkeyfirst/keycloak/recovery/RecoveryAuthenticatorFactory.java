package dev.passkeyfirst.keycloak.recovery;

import java.util.List;

import dev.passkeyfirst.keycloak.common.PkfAuthenticatorFactory;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

public class RecoveryAuthenticatorFactory extends PkfAuthenticatorFactory {

    public static final String PROVIDER_ID = ProviderIds.RECOVERY;

    @Override
    public Authenticator create(KeycloakSession session) {
        return new RecoveryAuthenticator(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Passkey First: recover the account";
    }

    @Override
    public String getHelpText() {
        return "For the realm's Reset Credentials flow: 'Lost your device?' asks for a username or email and sends a link,"
                + " or takes a recovery code; further proofs and a new passkey (never a password) follow. Put it in a"
                + " conditional sub-flow at level 1: a recovered session is a fallback session.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return RecoveryConfigProperties.ALL;
    }
}
