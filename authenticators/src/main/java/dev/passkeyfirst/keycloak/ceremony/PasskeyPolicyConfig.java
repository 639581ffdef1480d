package dev.passkeyfirst.keycloak.ceremony;

import static dev.passkeyfirst.keycloak.ceremony.PasskeyPolicyConfigProperties.*;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.passkeyfirst.keycloak.common.Config;
import org.keycloak.models.RequiredActionConfigModel;

/**
 * The realm's passkey policy as the admin set it on "Passkey First: create a passkey": one policy for
 * every way a passkey is added (this device, another device, recovery).
 */
public record PasskeyPolicyConfig(boolean deviceBoundOnly, List<String> aaguidAllow, List<String> aaguidDeny,
                                  boolean attestationRequired, List<String> hints) {

    public static PasskeyPolicyConfig of(RequiredActionConfigModel model) {
        Map<String, String> c = model == null || model.getConfig() == null ? Map.of() : model.getConfig();
        return new PasskeyPolicyConfig(
                Config.bool(c, DEVICE_BOUND_ONLY, false),
                lower(Config.list(c, AAGUID_ALLOW, null)),
                lower(Config.list(c, AAGUID_DENY, null)),
                Config.bool(c, ATTESTATION_REQUIRED, false),
                Config.list(c, HINTS, List.of("client-device", "hybrid", "security-key")));
    }

    private static List<String> lower(List<String> l) {
        return l.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }
}
