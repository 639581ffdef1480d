package dev.passkeyfirst.keycloak.common;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.core.MultivaluedMap;

import org.keycloak.WebAuthnConstants;

/**
 * The shape every form posted to a page of ours must have before anything in it is acted on: each
 * field once (a browser never repeats one; a forged form might, hoping the first copy is checked and
 * the last is used), and no value longer than a page of ours could have put there. A form that fails
 * is refused as a whole, with the page's usual translated error; nothing of it is read.
 */
public final class FormGuard {

    /** Longer than any value our pages send, except the WebAuthn fields below. */
    private static final int MAX_VALUE = 2048;
    /** An attestation object may carry a certificate chain: Keycloak's own limit is far above this. */
    private static final Map<String, Integer> LONG_FIELDS = Map.of(
            WebAuthnConstants.ATTESTATION_OBJECT, 90_000,
            WebAuthnConstants.CLIENT_DATA_JSON, 8_192,
            "authenticatorData", 8_192,
            "signature", 2_048,
            WebAuthnConstants.PUBLIC_KEY_CREDENTIAL_ID, 2_048);
    private static final int MAX_FIELDS = 64;

    private FormGuard() {
    }

    /** Why the form is not one of ours, for the log; null when it is well formed. */
    public static String problem(MultivaluedMap<String, String> form, Set<String> multiValued) {
        if (form == null) return null;
        if (form.size() > MAX_FIELDS) return "too many fields";
        for (Map.Entry<String, List<String>> field : form.entrySet()) {
            List<String> values = field.getValue();
            if (values == null) continue;
            if (values.size() > 1 && !multiValued.contains(field.getKey())) return "field repeated";
            int max = LONG_FIELDS.getOrDefault(field.getKey(), MAX_VALUE);
            for (String v : values) {
                if (v != null && v.length() > max) return "field too long";
            }
        }
        return null;
    }

    public static String problem(MultivaluedMap<String, String> form) {
        return problem(form, Set.of());
    }
}
