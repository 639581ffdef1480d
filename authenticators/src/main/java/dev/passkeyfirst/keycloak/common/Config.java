package dev.passkeyfirst.keycloak.common;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Readers for admin-console config maps that never fail: a value an admin mistyped falls back to
 * the documented default instead of breaking every sign-in.
 */
public final class Config {

    private Config() {
    }

    public static boolean bool(Map<String, String> c, String key, boolean def) {
        String v = c.get(key);
        return v == null || v.isBlank() ? def : Boolean.parseBoolean(v.trim());
    }

    public static int integer(Map<String, String> c, String key, int def, int min, int max) {
        String v = c.get(key);
        if (v == null || v.isBlank()) return def;
        try {
            int i = Integer.parseInt(v.trim());
            return i < min || i > max ? def : i;
        } catch (NumberFormatException e) {
            return def;
        }
    }

    public static String oneOf(Map<String, String> c, String key, String def, String... allowed) {
        String v = c.get(key);
        if (v == null) return def;
        return Arrays.asList(allowed).contains(v.trim()) ? v.trim() : def;
    }

    /** Keycloak stores multivalued config as "a##b##c". */
    public static List<String> list(Map<String, String> c, String key, List<String> allowed) {
        String v = c.get(key);
        if (v == null || v.isBlank()) return List.of();
        return Arrays.stream(v.split("##")).map(String::trim).filter(s -> !s.isEmpty())
                .filter(s -> allowed == null || allowed.contains(s)).distinct().toList();
    }
}
