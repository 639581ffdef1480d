package dev.passkeyfirst.bench;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The ES256 check of one passkey assertion, timed on the JVM that runs this class (issue 22, item 2):
 * the benchmark runs it with each JDK's own {@code java}, beside the sign-in table. It does what
 * webauthn4j does for Keycloak's passkey steps and for ours: the credential's public key made from
 * its stored coordinates ({@code KeyFactory.generatePublic}), a new {@code Signature.getInstance
 * ("SHA256withECDSA")}, then verify over authenticatorData || SHA-256(clientDataJSON). Plain Java, no
 * harness: a few seconds of warm-up, then timed batches; the median batch is reported.
 *
 * <p>Output, one line: {@code es256 <java.version> verify_us=<µs> key_and_verify_us=<µs> batches=<n>}.
 */
public final class Es256Microbench {

    private Es256Microbench() {
    }

    public static void main(String[] args) throws Exception {
        double warmupSeconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        int n = 64;
        KeyPair[] keys = new KeyPair[n];
        byte[][] messages = new byte[n][];
        byte[][] signatures = new byte[n][];
        SplittableRandom random = new SplittableRandom(22);
        for (int i = 0; i < n; i++) {
            keys[i] = g.generateKeyPair();
            byte[] authData = new byte[37];
            byte[] clientData = new byte[180];
            for (int j = 0; j < authData.length; j++) authData[j] = (byte) random.nextInt(256);
            for (int j = 0; j < clientData.length; j++) clientData[j] = (byte) ('a' + random.nextInt(26));
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(clientData);
            messages[i] = concat(authData, hash);
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(keys[i].getPrivate());
            s.update(messages[i]);
            signatures[i] = s.sign();
        }
        BigInteger[][] coordinates = new BigInteger[n][];
        for (int i = 0; i < n; i++) {
            ECPoint w = ((ECPublicKey) keys[i].getPublic()).getW();
            coordinates[i] = new BigInteger[]{w.getAffineX(), w.getAffineY()};
        }
        ECPublicKey any = (ECPublicKey) keys[0].getPublic();

        long end = System.nanoTime() + (long) (warmupSeconds * 1e9);
        while (System.nanoTime() < end) {
            run(keys, messages, signatures, null, any, 200);
            run(keys, messages, signatures, coordinates, any, 200);
        }
        int perBatch = 400;
        double[] verify = new double[batches];
        double[] keyAndVerify = new double[batches];
        for (int b = 0; b < batches; b++) {
            verify[b] = run(keys, messages, signatures, null, any, perBatch);
            keyAndVerify[b] = run(keys, messages, signatures, coordinates, any, perBatch);
        }
        System.out.printf(Locale.ROOT, "es256 %s verify_us=%.1f key_and_verify_us=%.1f batches=%d%n",
                System.getProperty("java.runtime.version"), median(verify), median(keyAndVerify), batches);
    }

    /** Microseconds per verification over {@code count} of them; with {@code coordinates}, each key is made first. */
    private static double run(KeyPair[] keys, byte[][] messages, byte[][] signatures, BigInteger[][] coordinates, ECPublicKey params,
                              int count) throws Exception {
        long t0 = System.nanoTime();
        int ok = 0;
        for (int i = 0; i < count; i++) {
            int k = i % keys.length;
            PublicKey key = keys[k].getPublic();
            if (coordinates != null) {
                key = KeyFactory.getInstance("EC").generatePublic(
                        new ECPublicKeySpec(new ECPoint(coordinates[k][0], coordinates[k][1]), params.getParams()));
            }
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initVerify(key);
            s.update(messages[k]);
            if (s.verify(signatures[k])) ok++;
        }
        if (ok != count) throw new IllegalStateException("a signature did not verify");
        return (System.nanoTime() - t0) / 1000.0 / count;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
