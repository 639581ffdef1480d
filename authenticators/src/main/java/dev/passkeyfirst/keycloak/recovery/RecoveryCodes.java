package dev.passkeyfirst.keycloak.recovery;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.RecoveryAuthnCodesCredentialModel;
import org.keycloak.models.credential.dto.RecoveryAuthnCodeRepresentation;
import org.keycloak.models.credential.dto.RecoveryAuthnCodesSecretData;
import org.keycloak.models.utils.RecoveryAuthnCodesUtils;
import org.keycloak.util.JsonSerialization;

/**
 * Keycloak's recovery codes used as a proof of identity. Any unused code of the set is accepted
 * (Keycloak's own step asks for them in order, which would tell a stranger the account has codes);
 * a used code retires the whole set and a fresh one is issued at once.
 */
public final class RecoveryCodes {

    private RecoveryCodes() {
    }

    public static boolean hasCodes(UserModel user) {
        return credential(user).map(c -> !codes(c).isEmpty()).orElse(false);
    }

    /** Whether the typed code is one of the account's unused codes. Changes nothing. */
    public static boolean matches(UserModel user, String typed) {
        if (typed == null) return false;
        String normalized = typed.replaceAll("[\\s-]", "").toUpperCase(java.util.Locale.ROOT);
        if (normalized.isEmpty() || normalized.length() > 64) return false;
        boolean found = false;
        for (RecoveryAuthnCodeRepresentation code : credential(user).map(RecoveryCodes::codes).orElse(List.of())) {
            // compare with every code, not only until the first match: same time whichever matched
            found |= RecoveryAuthnCodesUtils.verifyRecoveryCodeInput(normalized, code.getEncodedHashedValue());
        }
        return found;
    }

    /** Retires the account's codes and stores a fresh set; returns the new codes to show once. */
    public static List<String> renew(UserModel user) {
        credential(user).ifPresent(c -> user.credentialManager().removeStoredCredentialById(c.getId()));
        List<String> raw = RecoveryAuthnCodesUtils.generateRawCodes();
        user.credentialManager().createStoredCredential(RecoveryAuthnCodesCredentialModel.createFromValues(raw, Time.currentTimeMillis(), null));
        return raw;
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
