package dev.passkeyfirst.keycloak.account;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.passkeyfirst.keycloak.vocabulary.SingleUseKeys;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.RecoveryAuthnCodesCredentialModel;
import org.keycloak.models.credential.dto.RecoveryAuthnCodeRepresentation;
import org.keycloak.models.credential.dto.RecoveryAuthnCodesSecretData;
import org.keycloak.models.utils.RecoveryAuthnCodesUtils;
import org.keycloak.util.JsonSerialization;

/**
 * Keycloak's recovery codes used as a proof of identity. Any unused code of the set is accepted
 * (Keycloak's own step asks for them in order, which would tell a stranger the account has codes);
 * a used code retires the whole set, claimed once across the cluster, and a fresh set is issued at once.
 */
public final class RecoveryCodes {

    /** User attribute: the id of the set a recovery showed, while the account still holds it. */
    static final String SHOWN_IN_RECOVERY = "pkf.recoveryCodesShownInRecovery";

    /** How long a redeemed set stays claimed: longer than any request that could still be racing it. */
    private static final long CLAIM_SECONDS = 3600;

    private RecoveryCodes() {
    }

    public static boolean hasCodes(UserModel user) {
        return credential(user).map(c -> !codes(c).isEmpty()).orElse(false);
    }

    /**
     * Redeems a code: when it is one of the account's unused codes and no other request redeemed the
     * set first (anywhere in the cluster), the set is retired and a fresh one stored; returns the new
     * codes to show once. Two posts of one code at the same instant: one gets the codes, the other nothing.
     */
    public static Optional<List<String>> redeem(KeycloakSession session, UserModel user, String typed) {
        Optional<CredentialModel> set = credential(user);
        if (set.isEmpty() || !matches(set.get(), typed)) return Optional.empty();
        if (!session.singleUseObjects().putIfAbsent(SingleUseKeys.RECOVERY_CODES + set.get().getId(), CLAIM_SECONDS)) {
            return Optional.empty();
        }
        List<String> raw = RecoveryAuthnCodesUtils.generateRawCodes();
        // shown on a recovery's page, to whoever holds that recovery: ending the account's recoveries retires it
        user.setSingleAttribute(SHOWN_IN_RECOVERY, store(user, raw).getId());
        return Optional.of(raw);
    }

    /** A fresh set replaces whatever the account held; the codes are returned to be shown once and never kept in clear. */
    public static List<String> issue(UserModel user) {
        List<String> raw = RecoveryAuthnCodesUtils.generateRawCodes();
        store(user, raw);
        user.removeAttribute(SHOWN_IN_RECOVERY);
        return raw;
    }

    /**
     * Ending the account's recoveries ("this wasn't me", a cancel from a device) retires the set a
     * recovery showed, if the account still holds it: those codes may be the attacker's, and each
     * would open a new recovery once the freeze is lifted. The owner makes a new set from a passkey session.
     *
     * @return whether a set was retired
     */
    static boolean retireShownInRecovery(UserModel user) {
        String shown = user.getFirstAttribute(SHOWN_IN_RECOVERY);
        if (shown == null) return false;
        user.removeAttribute(SHOWN_IN_RECOVERY);
        if (user.credentialManager().getStoredCredentialById(shown) == null) return false;
        return user.credentialManager().removeStoredCredentialById(shown);
    }

    private static CredentialModel store(UserModel user, List<String> raw) {
        user.credentialManager().getStoredCredentialsByTypeStream(RecoveryAuthnCodesCredentialModel.TYPE).map(CredentialModel::getId).toList()
                .forEach(id -> user.credentialManager().removeStoredCredentialById(id));
        return user.credentialManager().createStoredCredential(RecoveryAuthnCodesCredentialModel.createFromValues(raw, Time.currentTimeMillis(), null));
    }

    private static boolean matches(CredentialModel set, String typed) {
        if (typed == null) return false;
        String normalized = typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        if (normalized.isEmpty() || normalized.length() > 64) return false;
        boolean found = false;
        for (RecoveryAuthnCodeRepresentation code : codes(set)) {
            // compare with every code, not only until the first match: same time whichever matched
            found |= RecoveryAuthnCodesUtils.verifyRecoveryCodeInput(normalized, code.getEncodedHashedValue());
        }
        return found;
    }

    private static Optional<CredentialModel> credential(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(RecoveryAuthnCodesCredentialModel.TYPE).findFirst();
    }

    private static List<RecoveryAuthnCodeRepresentation> codes(CredentialModel c) {
        try {
            return JsonSerialization.readValue(c.getSecretData(), RecoveryAuthnCodesSecretData.class).getCodes();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
