package dev.passkeyfirst.keycloak.devices;

import java.util.List;

import dev.passkeyfirst.keycloak.account.NoticeSettings;
import dev.passkeyfirst.keycloak.util.PkfFactory;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/** "Passkey First: your passkeys", opened with {@code kc_action=pkf-passkeys}. */
public class PasskeysActionFactory implements RequiredActionFactory, PkfFactory<RequiredActionProvider> {

    public static final String PROVIDER_ID = ProviderIds.PASSKEYS;

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new PasskeysAction(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return "Passkey First: your passkeys";
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        // how recent the passkey sign-in must be to rename or remove (Keycloak's own max_auth_age), and the sign-in notices
        return NoticeSettings.withAuthAge(MAX_AUTH_AGE_CONFIG_PROPERTIES);
    }
}
