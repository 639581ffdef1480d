package dev.passkeyfirst.testsupport;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A passkey in a few lines of java.security: one ES256 key, "none" attestation, and every byte of
 * its output under the test's control (flags, counter, rpIdHash, origin, challenge), so negative
 * tests can forge exactly one thing at a time. A counter of 0 stays 0 (as synced passkeys keep it);
 * a counter above 0 goes up by one with every assertion (as security keys do).
 */
public final class SoftAuthenticator {

    public static final int UP = 0x01;
    public static final int UV = 0x04;
    public static final int BE = 0x08;
    public static final int BS = 0x10;
    public static final int AT = 0x40;

    private static final Base64.Encoder B64U = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    public final KeyPair keys;
    public final byte[] credentialId;
    public byte[] userHandle;
    public long counter;
    public int flags = UP | UV;
    /**
     * Attest new credentials as "packed" self attestation (signed by the new key itself, no
     * certificate) instead of "none": what any software key can produce, naming any model it likes.
     */
    public boolean selfAttestation;
    public final byte[] aaguid = new byte[16];

    public SoftAuthenticator() {
        this(16);
    }

    public SoftAuthenticator(int credentialIdLength) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            keys = g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        credentialId = new byte[credentialIdLength];
        RANDOM.nextBytes(credentialId);
    }

    public String credentialIdB64() {
        return B64U.encodeToString(credentialId);
    }

    /** What a browser would post after navigator.credentials.create(). */
    public Map<String, String> create(String rpId, String origin, String challengeB64u, byte[] userId) {
        return create(rpId, origin, challengeB64u, userId, cosePublicKey());
    }

    /** This authenticator's own public key as a COSE_Key (ES256: kty EC2, alg -7, crv P-256, x, y). */
    public byte[] cosePublicKey() {
        ECPublicKey pub = (ECPublicKey) keys.getPublic();
        return CoseKeys.ec2(-7, 1, unsigned32(pub.getW().getAffineX()), unsigned32(pub.getW().getAffineY()));
    }

    /**
     * What a browser would post after navigator.credentials.create(), with {@code cosePublicKey} as the
     * credential public key in the attested credential data. The attestation format is "none", so no
     * signature covers the key: a test can put any bytes there (see {@link CoseKeys} for broken ones).
     */
    public Map<String, String> create(String rpId, String origin, String challengeB64u, byte[] userId, byte[] cosePublicKey) {
        userHandle = userId;
        ByteArrayOutputStream cose = new ByteArrayOutputStream();
        cose.writeBytes(cosePublicKey);
        ByteArrayOutputStream authData = new ByteArrayOutputStream();
        authData.writeBytes(sha256(rpId.getBytes(StandardCharsets.UTF_8)));
        authData.write(flags | AT);
        authData.writeBytes(ByteBuffer.allocate(4).putInt((int) counter).array());
        authData.writeBytes(aaguid);
        authData.write(credentialId.length >> 8);
        authData.write(credentialId.length & 0xff);
        authData.writeBytes(credentialId);
        authData.writeBytes(cose.toByteArray());
        byte[] clientData = clientData("webauthn.create", challengeB64u, origin);
        ByteArrayOutputStream att = new ByteArrayOutputStream();
        Cbor.map(att, 3);
        if (selfAttestation) {
            Cbor.text(att, "fmt"); Cbor.text(att, "packed");
            Cbor.text(att, "attStmt"); Cbor.map(att, 2);
            Cbor.text(att, "alg"); Cbor.integer(att, -7);
            Cbor.text(att, "sig"); Cbor.bytes(att, sign(authData.toByteArray(), clientData));
        } else {
            Cbor.text(att, "fmt"); Cbor.text(att, "none");
            Cbor.text(att, "attStmt"); Cbor.map(att, 0);
        }
        Cbor.text(att, "authData"); Cbor.bytes(att, authData.toByteArray());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("clientDataJSON", B64U.encodeToString(clientData));
        form.put("attestationObject", B64U.encodeToString(att.toByteArray()));
        form.put("publicKeyCredentialId", credentialIdB64());
        form.put("transports", "internal");
        form.put("authenticatorAttachment", "platform");
        form.put("error", "");
        return form;
    }

    /** What a browser would post after navigator.credentials.get(). */
    public Map<String, String> get(String rpId, String origin, String challengeB64u) {
        return get(sha256(rpId.getBytes(StandardCharsets.UTF_8)), origin, challengeB64u, true);
    }

    public Map<String, String> get(byte[] rpIdHash, String origin, String challengeB64u, boolean withUserHandle) {
        Assertion a = assertion(rpIdHash, origin, challengeB64u);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("credentialId", a.credentialId());
        form.put("clientDataJSON", a.clientDataJSON());
        form.put("authenticatorData", a.authenticatorData());
        form.put("signature", a.signature());
        form.put("userHandle", withUserHandle ? a.userHandle() : "");
        form.put("authenticatorAttachment", "platform");
        form.put("error", "");
        form.put("pkf.mode", "button");
        return form;
    }

    /** What navigator.credentials.get() hands a page's script, each part base64url as scripts send it. */
    public record Assertion(String credentialId, String clientDataJSON, String authenticatorData, String signature,
                            String userHandle) {
    }

    public Assertion assertion(String rpId, String origin, String challengeB64u) {
        return assertion(sha256(rpId.getBytes(StandardCharsets.UTF_8)), origin, challengeB64u);
    }

    /** Synchronized so that a counting authenticator never signs two assertions with one counter value. */
    public synchronized Assertion assertion(byte[] rpIdHash, String origin, String challengeB64u) {
        if (counter > 0) counter++;
        byte[] clientData = clientData("webauthn.get", challengeB64u, origin);
        byte[] authData = ByteBuffer.allocate(37).put(rpIdHash).put((byte) flags).putInt((int) counter).array();
        return new Assertion(credentialIdB64(), B64U.encodeToString(clientData), B64U.encodeToString(authData),
                B64U.encodeToString(sign(authData, clientData)), userHandle == null ? "" : B64U.encodeToString(userHandle));
    }

    public byte[] sign(byte[] authData, byte[] clientData) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(keys.getPrivate());
            s.update(authData);
            s.update(sha256(clientData));
            return s.sign();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] clientData(String type, String challengeB64u, String origin) {
        return ("{\"type\":\"" + type + "\",\"challenge\":\"" + challengeB64u + "\",\"origin\":\"" + origin
                + "\",\"crossOrigin\":false}").getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] unsigned32(BigInteger i) {
        byte[] b = i.toByteArray();
        byte[] r = new byte[32];
        System.arraycopy(b, Math.max(0, b.length - 32), r, Math.max(0, 32 - b.length), Math.min(32, b.length));
        return r;
    }

    /** The few CBOR items an attestation needs (RFC 8949). */
    static final class Cbor {
        static void head(ByteArrayOutputStream o, int major, long v) {
            if (v < 24) o.write(major << 5 | (int) v);
            else if (v < 256) { o.write(major << 5 | 24); o.write((int) v); }
            else if (v < 65536) { o.write(major << 5 | 25); o.write((int) (v >> 8)); o.write((int) v & 0xff); }
            else throw new IllegalArgumentException("too long for this writer");
        }
        static void integer(ByteArrayOutputStream o, long v) { if (v >= 0) head(o, 0, v); else head(o, 1, -1 - v); }
        static void bytes(ByteArrayOutputStream o, byte[] b) { head(o, 2, b.length); o.writeBytes(b); }
        static void text(ByteArrayOutputStream o, String s) { byte[] b = s.getBytes(StandardCharsets.UTF_8); head(o, 3, b.length); o.writeBytes(b); }
        static void map(ByteArrayOutputStream o, int entries) { head(o, 5, entries); }
    }
}
