package dev.passkeyfirst.keycloak.events;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The way in an event of ours records, in the words the metrics and the account history share. */
public final class SignInMethods {

    private static final Set<String> PROOFS = Set.of("EMAIL", "CODE", "SMS");

    private SignInMethods() {
    }

    /** passkey_synced, passkey_device_bound, security_key, password or email_link; null for an action that signs nobody in. */
    public static String of(String action, Map<String, String> details) {
        if (action.equals(PkfEvent.PASSKEY_SIGN_IN.action())) {
            boolean deviceBound = "true".equals(details.get(PkfEvents.DEVICE_BOUND));
            if (deviceBound && "cross-platform".equals(details.get(PkfEvents.ATTACHMENT))) return "security_key";
            return deviceBound ? "passkey_device_bound" : "passkey_synced";
        }
        if (action.equals(PkfEvent.PASSWORD_SIGN_IN.action())) return "password";
        if (action.equals(PkfEvent.SIGN_IN_LINK_USED.action())) return "email_link";
        return null;
    }

    /** fallback_email, fallback_code or fallback_sms: the proof of a recovery. */
    public static String fallback(String proof) {
        return proof != null && PROOFS.contains(proof) ? "fallback_" + proof.toLowerCase(Locale.ROOT) : "fallback_other";
    }
}
