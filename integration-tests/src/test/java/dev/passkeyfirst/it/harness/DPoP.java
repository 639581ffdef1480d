package dev.passkeyfirst.it.harness;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A client's DPoP key (RFC 9449): proofs for the token endpoint, which binds the tokens to the key,
 * and for each request that then presents such a token with {@code Authorization: DPoP}.
 */
public final class DPoP {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair keys;

    public DPoP() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            keys = g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A proof for one request; {@code accessToken} only where the request presents one. */
    public String proof(String method, String url, String accessToken) {
        ObjectNode header = JSON.createObjectNode().put("typ", "dpop+jwt").put("alg", "ES256");
        ECPublicKey pub = (ECPublicKey) keys.getPublic();
        header.putObject("jwk").put("kty", "EC").put("crv", "P-256")
                .put("x", B64.encodeToString(coordinate(pub.getW().getAffineX())))
                .put("y", B64.encodeToString(coordinate(pub.getW().getAffineY())));
        ObjectNode claims = JSON.createObjectNode().put("jti", UUID.randomUUID().toString()).put("htm", method)
                .put("htu", url).put("iat", System.currentTimeMillis() / 1000);
        try {
            if (accessToken != null) {
                claims.put("ath", B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII))));
            }
            String signingInput = B64.encodeToString(JSON.writeValueAsBytes(header)) + "." + B64.encodeToString(JSON.writeValueAsBytes(claims));
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initSign(keys.getPrivate());
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(s.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] coordinate(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }
}
