package dev.passkeyfirst.keycloak.account;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.passkeyfirst.keycloak.common.Config;
import dev.passkeyfirst.keycloak.common.RealmFlows;
import dev.passkeyfirst.keycloak.vocabulary.ConfigKeys;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The ways back into an account besides its passkeys, as the realm's recovery step accepts them:
 * a verified email, recovery codes, a verified phone. The passkeys page counts them for its
 * readiness hint and before it lets a password go.
 */
public final class RecoveryMethods {

    public static final String PHONE = "phoneNumber";
    public static final String PHONE_VERIFIED = "phoneNumberVerified";

    public enum Method { EMAIL, RECOVERY_CODES, PHONE }

    private RecoveryMethods() {
    }

    public static Set<Method> of(RealmModel realm, UserModel user) {
        Set<Method> out = EnumSet.noneOf(Method.class);
        if (!realm.isResetPasswordAllowed() || !RealmFlows.holds(realm, realm.getResetCredentialsFlow(), ProviderIds.RECOVERY)) {
            return out;
        }
        Map<String, String> step = RealmFlows.stepConfig(realm, realm.getResetCredentialsFlow(), ProviderIds.RECOVERY);
        if (Config.bool(step, ConfigKeys.EMAIL_PROOF, true) && user.getEmail() != null && user.isEmailVerified()) out.add(Method.EMAIL);
        if (Config.bool(step, ConfigKeys.CODE_PROOF, true) && RecoveryCodes.hasCodes(user)) out.add(Method.RECOVERY_CODES);
        if (Config.bool(step, ConfigKeys.SMS_PROOF, true) && phone(user).isPresent()) out.add(Method.PHONE);
        return out;
    }

    /** Whether the recovery step takes recovery codes at all: only then does the passkeys page offer to make them. */
    public static boolean codesAccepted(RealmModel realm) {
        return realm.isResetPasswordAllowed() && RealmFlows.holds(realm, realm.getResetCredentialsFlow(), ProviderIds.RECOVERY)
                && Config.bool(RealmFlows.stepConfig(realm, realm.getResetCredentialsFlow(), ProviderIds.RECOVERY), ConfigKeys.CODE_PROOF, true);
    }

    public static Optional<String> phone(UserModel user) {
        String phone = user.getFirstAttribute(PHONE);
        if (phone == null || phone.isBlank() || !"true".equals(user.getFirstAttribute(PHONE_VERIFIED))) return Optional.empty();
        return Optional.of(phone.trim());
    }
}
