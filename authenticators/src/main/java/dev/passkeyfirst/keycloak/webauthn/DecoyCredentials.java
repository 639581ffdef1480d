package dev.passkeyfirst.keycloak.webauthn;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The {@code allowCredentials} shown for a username with no passkey (unknown, or holding none). They
 * must look like a real account's and stay the same on every visit, or comparing two visits would
 * tell that the account does not exist: so they are an HMAC, under the realm's own HMAC key, of the
 * normalized username.
 */
public final class DecoyCredentials {

    /** Lengths real authenticators use: platform passkeys 16-32 bytes, security keys 48-64 and more. */
    private static final int[] LENGTHS = {16, 20, 32, 48, 64};
    private static final List<Set<String>> TRANSPORTS = List.of(
            Set.of("internal", "hybrid"), Set.of("usb"), Set.of("usb", "nfc"), Set.of("internal"));

    public record Decoy(byte[] id, Set<String> transports) {
    }

    private DecoyCredentials() {
    }

    public static List<Decoy> forUsername(KeycloakSession session, RealmModel realm, String username) {
        return derive(secret(session, realm), username);
    }

    /** The decoys of a username under a secret: same inputs, same decoys, on every node and every visit. */
    static List<Decoy> derive(byte[] secret, String username) {
        byte[] seed = hmac(secret, "pkf-decoy|" + username.trim().toLowerCase(Locale.ROOT));
        int count = 1 + (seed[0] & 0x01);
        List<Decoy> decoys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] block = hmac(seed, "id|" + i);
            int length = LENGTHS[(block[0] & 0xff) % LENGTHS.length];
            byte[] id = Arrays.copyOf(hmac(block, "a"), 64);
            System.arraycopy(hmac(block, "b"), 0, id, 32, 32);
            decoys.add(new Decoy(Arrays.copyOf(id, length), TRANSPORTS.get((block[1] & 0xff) % TRANSPORTS.size())));
        }
        return decoys;
    }

    private static byte[] secret(KeycloakSession session, RealmModel realm) {
        for (String alg : new String[]{Algorithm.HS512, Algorithm.HS256}) {
            try {
                KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, alg);
                if (key != null && key.getSecretKey() != null) return key.getSecretKey().getEncoded();
            } catch (RuntimeException noSuchKey) {
                // try the next algorithm
            }
        }
        // A realm without any HMAC key still gets stable decoys, only guessable ones.
        return ("pkf-no-hmac-key|" + realm.getId()).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            SecretKey k = new SecretKeySpec(key, "HmacSHA256");
            mac.init(k);
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
