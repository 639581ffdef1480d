package dev.passkeyfirst.testsupport;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;

/**
 * COSE public keys (RFC 9052/9053) as an authenticator puts them into the attested credential data,
 * well-formed and broken: for {@link SoftAuthenticator#create(String, String, String, byte[], byte[])},
 * so tests can check that a registration refuses a key no real authenticator would send. Each broken
 * key is well-formed CBOR: only what it says about the key is wrong.
 */
public final class CoseKeys {

    /** The field prime of P-256 (FIPS 186-4, D.1.2.3). */
    static final BigInteger P256_P = new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);

    private CoseKeys() {
    }

    /** kty EC2 (2), alg, crv, x, y. */
    public static byte[] ec2(int alg, int crv, byte[] x, byte[] y) {
        ByteArrayOutputStream cose = new ByteArrayOutputStream();
        SoftAuthenticator.Cbor.map(cose, 5);
        SoftAuthenticator.Cbor.integer(cose, 1); SoftAuthenticator.Cbor.integer(cose, 2);
        SoftAuthenticator.Cbor.integer(cose, 3); SoftAuthenticator.Cbor.integer(cose, alg);
        SoftAuthenticator.Cbor.integer(cose, -1); SoftAuthenticator.Cbor.integer(cose, crv);
        SoftAuthenticator.Cbor.integer(cose, -2); SoftAuthenticator.Cbor.bytes(cose, x);
        SoftAuthenticator.Cbor.integer(cose, -3); SoftAuthenticator.Cbor.bytes(cose, y);
        return cose.toByteArray();
    }

    /** kty RSA (3), alg, n, e. */
    public static byte[] rsa(int alg, byte[] n, byte[] e) {
        ByteArrayOutputStream cose = new ByteArrayOutputStream();
        SoftAuthenticator.Cbor.map(cose, 4);
        SoftAuthenticator.Cbor.integer(cose, 1); SoftAuthenticator.Cbor.integer(cose, 3);
        SoftAuthenticator.Cbor.integer(cose, 3); SoftAuthenticator.Cbor.integer(cose, alg);
        SoftAuthenticator.Cbor.integer(cose, -1); SoftAuthenticator.Cbor.bytes(cose, n);
        SoftAuthenticator.Cbor.integer(cose, -2); SoftAuthenticator.Cbor.bytes(cose, e);
        return cose.toByteArray();
    }

    private static byte[] x(SoftAuthenticator a) {
        return SoftAuthenticator.unsigned32(((ECPublicKey) a.keys.getPublic()).getW().getAffineX());
    }

    private static byte[] y(SoftAuthenticator a) {
        return SoftAuthenticator.unsigned32(((ECPublicKey) a.keys.getPublic()).getW().getAffineY());
    }

    /** ES256 with the authenticator's own x and y + 1: a point that is not on P-256. */
    public static byte[] ecPointNotOnCurve(SoftAuthenticator a) {
        BigInteger y = new BigInteger(1, y(a)).add(BigInteger.ONE).mod(P256_P);
        return ec2(-7, 1, x(a), SoftAuthenticator.unsigned32(y));
    }

    /** ES256 with x = y = 0 (32 zero bytes each). */
    public static byte[] ecZeroPoint() {
        return ec2(-7, 1, new byte[32], new byte[32]);
    }

    /** ES256 whose coordinates are 31 bytes long: the authenticator's own, first byte cut off. */
    public static byte[] ec31ByteCoordinates(SoftAuthenticator a) {
        return ec2(-7, 1, Arrays.copyOfRange(x(a), 1, 32), Arrays.copyOfRange(y(a), 1, 32));
    }

    /** ES256 whose coordinates are 33 bytes long: the authenticator's own behind a zero byte (a lenient parser reads the same point). */
    public static byte[] ec33ByteCoordinates(SoftAuthenticator a) {
        byte[] x = new byte[33];
        byte[] y = new byte[33];
        System.arraycopy(x(a), 0, x, 1, 32);
        System.arraycopy(y(a), 0, y, 1, 32);
        return ec2(-7, 1, x, y);
    }

    /** RS256 with an 8-bit modulus (0xC5 = 197 = 0b11000101) and e = 65537. */
    public static byte[] rsaEightBitModulus() {
        return rsa(-257, new byte[]{(byte) 0xC5}, new byte[]{1, 0, 1});
    }

    /** RS256 with a real 2048-bit modulus and e = 1: every "signature" verifies as itself. */
    public static byte[] rsaExponentOne() {
        return rsa(-257, unsigned(freshRsaModulus()), new byte[]{1});
    }

    /** The authenticator's own valid P-256 point, labelled RS256 (alg -257) while kty says EC2. */
    public static byte[] rs256OnEcKey(SoftAuthenticator a) {
        return ec2(-257, 1, x(a), y(a));
    }

    /** A valid P-384 point (48-byte coordinates) labelled ES256 on P-256 (crv 1, alg -7). */
    public static byte[] p384UnderEs256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp384r1"));
            ECPublicKey pub = (ECPublicKey) g.generateKeyPair().getPublic();
            return ec2(-7, 1, fixed(pub.getW().getAffineX(), 48), fixed(pub.getW().getAffineY(), 48));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger freshRsaModulus() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return ((RSAPublicKey) g.generateKeyPair().getPublic()).getModulus();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unsigned(BigInteger i) {
        byte[] b = i.toByteArray();
        return b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static byte[] fixed(BigInteger i, int length) {
        byte[] b = unsigned(i);
        byte[] r = new byte[length];
        System.arraycopy(b, Math.max(0, b.length - length), r, Math.max(0, length - b.length), Math.min(length, b.length));
        return r;
    }
}
