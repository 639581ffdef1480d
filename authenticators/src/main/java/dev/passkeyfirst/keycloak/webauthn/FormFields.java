package dev.passkeyfirst.keycloak.webauthn;

import java.util.Base64;
import java.util.List;

import jakarta.ws.rs.core.MultivaluedMap;

/** Strict readers for form fields: one value, bounded length, base64url only. */
public final class FormFields {

    private static final Base64.Decoder B64URL = Base64.getUrlDecoder();

    private FormFields() {
    }

    /** The single value of a field, or null when absent or empty. Repeated fields are forged input. */
    public static String single(MultivaluedMap<String, String> form, String name, int maxChars) throws BadInputException {
        List<String> values = form.get(name);
        if (values == null || values.isEmpty()) return null;
        if (values.size() > 1) throw new BadInputException(name + " repeated");
        String v = values.get(0);
        if (v == null || v.isEmpty()) return null;
        if (v.length() > maxChars) throw new BadInputException(name + " too long");
        return v;
    }

    public static byte[] base64Url(MultivaluedMap<String, String> form, String name, int minBytes, int maxBytes, boolean required)
            throws BadInputException {
        String v = single(form, name, (maxBytes * 4 + 2) / 3 + 2);
        if (v == null) {
            if (required) throw new BadInputException(name + " missing");
            return null;
        }
        byte[] decoded = decodeBase64Url(v, name);
        if (decoded.length < minBytes || decoded.length > maxBytes) throw new BadInputException(name + " has a wrong length");
        return decoded;
    }

    public static byte[] decodeBase64Url(String v, String name) throws BadInputException {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '=';
            if (!ok) throw new BadInputException(name + " is not base64url");
        }
        try {
            return B64URL.decode(v);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(name + " is not base64url");
        }
    }
}
