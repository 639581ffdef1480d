package dev.passkeyfirst.keycloak.login;

import static dev.passkeyfirst.keycloak.login.PasskeyLoginConfigProperties.*;

import java.util.List;
import java.util.Map;

import dev.passkeyfirst.keycloak.common.Config;
import org.keycloak.models.AuthenticatorConfigModel;

/** Typed view of the sign-in step's config; an execution without config gets the defaults. */
public record PasskeyLoginConfig(String userVerification, boolean conditionalUi, boolean passkeyButton,
                                 boolean usernameFirst, boolean signalApi, List<String> hints,
                                 long lastUsedIntervalMillis, boolean offerAfterHybrid) {

    public static PasskeyLoginConfig of(AuthenticatorConfigModel model) {
        Map<String, String> c = model == null ? Map.of() : model.getConfig();
        String uv = Config.oneOf(c, USER_VERIFICATION, "required", "required", "preferred", "discouraged");
        return new PasskeyLoginConfig(uv,
                Config.bool(c, CONDITIONAL_UI, true),
                Config.bool(c, PASSKEY_BUTTON, true),
                Config.bool(c, USERNAME_FIRST, true),
                Config.bool(c, SIGNAL_API, true),
                Config.list(c, HINTS, List.of("client-device", "hybrid", "security-key")),
                Config.integer(c, LAST_USED_INTERVAL, 5, 0, 24 * 60) * 60_000L,
                Config.bool(c, OFFER_AFTER_HYBRID, true));
    }

    public boolean userVerificationRequired() {
        return "required".equals(userVerification);
    }
}
