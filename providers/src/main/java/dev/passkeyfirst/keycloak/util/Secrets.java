package dev.passkeyfirst.keycloak.util;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Random secrets and their digests, in the one form every link, code and key of ours uses:
 * base64url without padding.
 */
public final class Secrets {

    private static final Pattern ID_SHAPE = Pattern.compile("[A-Za-z0-9_-]{22}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** 128 random bits, 22 characters: link ids, pairing ids. */
    public static String id() {
        return random(16);
    }

    /** {@code bytes} random bytes, base64url. */
    public static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Whether {@code s} has the shape of an {@link #id()}: anything else names nothing of ours. */
    public static boolean isId(String s) {
        return s != null && ID_SHAPE.matcher(s).matches();
    }

    /** {@code digits} uniformly random decimal digits. */
    public static String digits(int digits) {
        StringBuilder b = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) b.append((char) ('0' + RANDOM.nextInt(10)));
        return b.toString();
    }

    /** SHA-256, base64url: what is stored or logged instead of a live secret. */
    public static String sha256(String s) {
        return sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] b) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** A short, non-reversible name for a secret in logs and events (DESIGN §5: log a hash, never the secret). */
    public static String fingerprint(String secret) {
        return secret == null ? "-" : sha256(secret).substring(0, 12);
    }

    /** Constant-time comparison of two strings. */
    public static boolean equal(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
