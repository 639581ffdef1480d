package dev.passkeyfirst.keycloak.fallback;

import java.util.List;
import java.util.Map;

import dev.passkeyfirst.keycloak.common.Config;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public record FallbackGuardConfig(int passkeyLevel) {

    public static final String PASSKEY_LEVEL = "pkf.passkeyLevel";

    static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(PASSKEY_LEVEL).label("Level of a passkey sign-in")
            .helpText("The level of authentication (loa-condition-level) of the sub-flow that holds 'Passkey First: sign in'."
                    + " A fallback session asks for it before an application-initiated action.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue("2").add()
            .build();

    public static FallbackGuardConfig of(AuthenticatorConfigModel model) {
        Map<String, String> c = model == null || model.getConfig() == null ? Map.of() : model.getConfig();
        return new FallbackGuardConfig(Config.integer(c, PASSKEY_LEVEL, 2, 1, 100));
    }
}
