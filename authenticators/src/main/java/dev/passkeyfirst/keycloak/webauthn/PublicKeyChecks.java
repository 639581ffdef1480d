package dev.passkeyfirst.keycloak.webauthn;

import java.math.BigInteger;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.util.Map;

import com.webauthn4j.data.attestation.authenticator.COSEKey;
import com.webauthn4j.data.attestation.authenticator.Curve;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.authenticator.EdDSACOSEKey;
import com.webauthn4j.data.attestation.authenticator.RSACOSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;

/**
 * Whether a new passkey's public key could ever verify a signature. Keycloak stores what the
 * attestation holds; a key that is not on its curve, has the wrong size for its algorithm, or an
 * RSA key too small to mean anything would sit in the account as a credential that proves nothing,
 * or worse, one whose signatures are forgeable. Checked before anything is stored.
 */
public final class PublicKeyChecks {

    /** The curve each ECDSA algorithm signs on: a P-384 point under ES256 is not an ES256 key. */
    private static final Map<Long, Curve> EC_CURVES = Map.of(
            COSEAlgorithmIdentifier.ES256.getValue(), Curve.SECP256R1,
            COSEAlgorithmIdentifier.ES384.getValue(), Curve.SECP384R1,
            COSEAlgorithmIdentifier.ES512.getValue(), Curve.SECP521R1);
    private static final int RSA_MIN_BITS = 2048;

    private PublicKeyChecks() {
    }

    /** Why the key is unusable, for the log; null when it is sound. */
    public static String problem(COSEKey key) {
        if (key == null) return "no public key";
        COSEAlgorithmIdentifier alg = key.getAlgorithm();
        if (alg == null) return "public key names no algorithm";
        if (key instanceof EC2COSEKey ec) return ecProblem(ec, alg);
        if (key instanceof RSACOSEKey rsa) return rsaProblem(rsa, alg);
        if (key instanceof EdDSACOSEKey ed) return edProblem(ed, alg);
        return "unsupported key type";
    }

    private static String ecProblem(EC2COSEKey key, COSEAlgorithmIdentifier alg) {
        Curve expected = EC_CURVES.get(alg.getValue());
        if (expected == null) return "EC key under a non-ECDSA algorithm " + alg.getValue();
        if (key.getCurve() != expected) return "EC key on " + key.getCurve() + " under " + alg.getValue();
        byte[] x = key.getX();
        byte[] y = key.getY();
        int size = expected.getSize();
        if (x == null || y == null || x.length != size || y.length != size) return "EC coordinates of the wrong length";
        ECParameterSpec spec = (ECParameterSpec) expected.getParameterSpec();
        BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
        BigInteger bx = new BigInteger(1, x);
        BigInteger by = new BigInteger(1, y);
        if (bx.signum() == 0 && by.signum() == 0) return "EC point at the origin";
        if (bx.compareTo(p) >= 0 || by.compareTo(p) >= 0) return "EC coordinate outside the field";
        BigInteger left = by.modPow(BigInteger.TWO, p);
        BigInteger right = bx.pow(3).add(spec.getCurve().getA().multiply(bx)).add(spec.getCurve().getB()).mod(p);
        return left.equals(right) ? null : "EC point not on its curve";
    }

    private static String rsaProblem(RSACOSEKey key, COSEAlgorithmIdentifier alg) {
        long a = alg.getValue();
        boolean rsaAlg = a == COSEAlgorithmIdentifier.RS256.getValue() || a == COSEAlgorithmIdentifier.RS384.getValue()
                || a == COSEAlgorithmIdentifier.RS512.getValue() || a == COSEAlgorithmIdentifier.RS1.getValue()
                || a == COSEAlgorithmIdentifier.PS256.getValue() || a == COSEAlgorithmIdentifier.PS384.getValue()
                || a == COSEAlgorithmIdentifier.PS512.getValue();
        if (!rsaAlg) return "RSA key under a non-RSA algorithm " + a;
        if (key.getN() == null || key.getE() == null) return "RSA key without modulus or exponent";
        BigInteger n = new BigInteger(1, key.getN());
        BigInteger e = new BigInteger(1, key.getE());
        if (n.bitLength() < RSA_MIN_BITS) return "RSA modulus of " + n.bitLength() + " bits";
        if (!n.testBit(0)) return "RSA modulus is even";
        if (e.compareTo(BigInteger.valueOf(3)) < 0 || !e.testBit(0) || e.compareTo(n) >= 0) return "RSA exponent unusable";
        return null;
    }

    private static String edProblem(EdDSACOSEKey key, COSEAlgorithmIdentifier alg) {
        if (alg.getValue() != COSEAlgorithmIdentifier.EdDSA.getValue()) return "OKP key under a non-EdDSA algorithm " + alg.getValue();
        if (key.getCurve() != Curve.ED25519) return "EdDSA key not on Ed25519";
        byte[] x = key.getX();
        return x != null && x.length == 32 ? null : "Ed25519 key of the wrong length";
    }
}
