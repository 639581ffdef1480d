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

import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The {@code allowCredentials} shown for a username with no passkey (unknown, or holding none). They
 * must look like a real account's and stay the same on every visit, or comparing two visits would
 * tell that the account does not exist: so they are an HMAC, under the realm's own HMAC key, of the
 * normalized username. Their shape (how many, which transports, how long each id) is a real
 * account's of the realm, picked by that same HMAC, so decoys follow the realm's own distribution
 * (DESIGN §5): an account with three passkeys, or with keys that report no transports, could be a
 * decoy too. Only a realm with no passkey at all gets shapes of a fixed table.
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
        byte[] seed = seed(secret(session, realm), username);
        List<StoredPasskey> model = session.getProvider(PasskeyRecordStore.class).userAtOrAfter(realm, pivot(seed))
                .map(id -> session.users().getUserById(realm, id)).map(StoredPasskey::of).orElse(List.of());
        return model.isEmpty() ? derive(seed) : shaped(seed, model);
    }

    /** Decoys with the shape of a real account's passkeys: as many, their transports, ids of their lengths. */
    static List<Decoy> shaped(byte[] seed, List<StoredPasskey> model) {
        List<Decoy> decoys = new ArrayList<>(model.size());
        for (int i = 0; i < model.size(); i++) {
            int length = model.get(i).rawId().length;
            // the length is part of the id's derivation: a model whose key changes length gives an unrelated id, not a longer one
            byte[] id = idBytes(hmac(seed, "id|" + i + "|" + length), length);
            decoys.add(new Decoy(id, Set.copyOf(model.get(i).transports())));
        }
        return decoys;
    }

    /** A key in the form of our table's (a UUID), so the pick lands anywhere among the realm's passkeys. */
    private static String pivot(byte[] seed) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 16; i++) hex.append(String.format("%02x", seed[i] & 0xff));
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20) + "-" + hex.substring(20, 32);
    }

    private static byte[] idBytes(byte[] block, int length) {
        byte[] out = new byte[length];
        for (int filled = 0, n = 0; filled < length; n++) {
            byte[] part = hmac(block, "part|" + n);
            int take = Math.min(part.length, length - filled);
            System.arraycopy(part, 0, out, filled, take);
            filled += take;
        }
        return out;
    }

    private static byte[] seed(byte[] secret, String username) {
        return hmac(secret, "pkf-decoy|" + username.trim().toLowerCase(Locale.ROOT));
    }

    /** The decoys of a username under a secret in a realm without passkeys: same inputs, same decoys, on every node and every visit. */
    static List<Decoy> derive(byte[] secret, String username) {
        return derive(seed(secret, username));
    }

    private static List<Decoy> derive(byte[] seed) {
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
