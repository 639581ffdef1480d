package dev.passkeyfirst.keycloak.login;

import static dev.passkeyfirst.keycloak.login.PasskeyLoginConfigProperties.*;

import java.util.List;
import java.util.Map;

import dev.passkeyfirst.keycloak.account.Sightings;
import dev.passkeyfirst.keycloak.common.Config;
import org.keycloak.models.AuthenticatorConfigModel;

/** Typed view of the sign-in step's config; an execution without config gets the defaults. */
public record PasskeyLoginConfig(String userVerification, boolean conditionalUi, boolean passkeyButton,
                                 boolean usernameFirst, boolean signalApi, List<String> hints,
                                 long lastUsedIntervalMillis, boolean offerAfterHybrid, PasswordPolicy passwordAccepted,
                                 int passwordLevel, Sightings.PlaceBy placeProof, int placeProofDays) {

    /** When the sign-in page accepts a password, for realms moving their users to passkeys. */
    public enum PasswordPolicy {
        NEVER("never"), WITHOUT_PASSKEY("withoutPasskey"), ALWAYS("always");

        public final String value;

        PasswordPolicy(String value) {
            this.value = value;
        }

        static PasswordPolicy of(String value) {
            for (PasswordPolicy p : values()) {
                if (p.value.equals(value)) return p;
            }
            return WITHOUT_PASSKEY;
        }
    }

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
                Config.bool(c, OFFER_AFTER_HYBRID, true),
                PasswordPolicy.of(Config.oneOf(c, PASSWORD_ACCEPTED, PasswordPolicy.WITHOUT_PASSKEY.value,
                        PasswordPolicy.NEVER.value, PasswordPolicy.WITHOUT_PASSKEY.value, PasswordPolicy.ALWAYS.value)),
                Config.integer(c, PASSWORD_LEVEL, 1, 0, 10),
                "off".equals(Config.oneOf(c, PLACE_PROOF, "off", "off", "country", "network")) ? null
                        : Sightings.PlaceBy.parse(c.get(PLACE_PROOF), null),
                Config.integer(c, PLACE_PROOF_DAYS, 90, 1, 3650));
    }

    public boolean userVerificationRequired() {
        return "required".equals(userVerification);
    }
}
