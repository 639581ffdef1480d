package dev.passkeyfirst.keycloak.webauthn;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;

import com.webauthn4j.data.attestation.authenticator.Curve;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.authenticator.RSACOSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import org.junit.jupiter.api.Test;

/** Finding 15 of issue 16: keys that could never verify anything are refused before they are stored. */
class PublicKeyChecksTest {

    private static EC2COSEKey ec(Curve curve, COSEAlgorithmIdentifier alg, byte[] x, byte[] y) {
        return new EC2COSEKey(null, alg, null, curve, x, y, null);
    }

    private static ECPublicKey p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return (ECPublicKey) g.generateKeyPair().getPublic();
    }

    private static byte[] fixed(BigInteger v, int size) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[size];
        int n = Math.min(raw.length, size);
        System.arraycopy(raw, raw.length - n, out, size - n, n);
        return out;
    }

    @Test
    void aRealP256KeyPasses() throws Exception {
        ECPublicKey k = p256();
        assertNull(PublicKeyChecks.problem(ec(Curve.SECP256R1, COSEAlgorithmIdentifier.ES256,
                fixed(k.getW().getAffineX(), 32), fixed(k.getW().getAffineY(), 32))));
    }

    @Test
    void brokenEcKeysAreRefused() throws Exception {
        ECPublicKey k = p256();
        byte[] x = fixed(k.getW().getAffineX(), 32);
        byte[] y = fixed(k.getW().getAffineY(), 32);
        byte[] offCurve = y.clone();
        offCurve[31] ^= 1;
        assertNotNull(PublicKeyChecks.problem(ec(Curve.SECP256R1, COSEAlgorithmIdentifier.ES256, x, offCurve)), "not on the curve");
        assertNotNull(PublicKeyChecks.problem(ec(Curve.SECP256R1, COSEAlgorithmIdentifier.ES256, new byte[32], new byte[32])), "(0,0)");
        assertNotNull(PublicKeyChecks.problem(ec(Curve.SECP256R1, COSEAlgorithmIdentifier.ES256, Arrays.copyOf(x, 31), y)), "31 bytes");
        byte[] x33 = new byte[33];
        System.arraycopy(x, 0, x33, 1, 32);
        assertNotNull(PublicKeyChecks.problem(ec(Curve.SECP256R1, COSEAlgorithmIdentifier.ES256, x33, y)), "33 bytes");
        assertNotNull(PublicKeyChecks.problem(ec(Curve.SECP384R1, COSEAlgorithmIdentifier.ES256, new byte[48], new byte[48])),
                "P-384 coordinates under ES256");
        assertNotNull(PublicKeyChecks.problem(ec(Curve.SECP256R1, COSEAlgorithmIdentifier.RS256, x, y)), "RS256 on an EC key");
    }

    @Test
    void rsaKeysMustBeRealRsaKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
        byte[] n = pub.getModulus().toByteArray();
        byte[] e = pub.getPublicExponent().toByteArray();
        assertNull(PublicKeyChecks.problem(new RSACOSEKey(null, COSEAlgorithmIdentifier.RS256, null, n, e)));
        assertNotNull(PublicKeyChecks.problem(new RSACOSEKey(null, COSEAlgorithmIdentifier.RS256, null, new byte[]{(byte) 0xB5}, e)),
                "an 8-bit modulus");
        assertNotNull(PublicKeyChecks.problem(new RSACOSEKey(null, COSEAlgorithmIdentifier.RS256, null, n, new byte[]{1})), "e = 1");
        assertNotNull(PublicKeyChecks.problem(new RSACOSEKey(null, COSEAlgorithmIdentifier.ES256, null, n, e)), "ES256 on an RSA key");
    }
}
