package dev.passkeyfirst.keycloak.enroll;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.passkeyfirst.keycloak.util.CredentialIds;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * One attempt to add a device: device A (signed in) shows a link; device B opens it, creates a
 * passkey that is held pending and shows a code; A types the code and approves with a passkey.
 * The state lives in Keycloak's single-use store, replicated across the cluster and gone when it
 * expires; each one-way step (B taking the link, the pairing ending) is a {@code putIfAbsent}
 * claim, so two devices, two nodes or two requests at once get exactly one winner.
 */
public final class Pairing {

    public enum State {
        /** A shows the link; nobody has taken it. */
        WAITING,
        /** B took the link and is creating its passkey. */
        OPENED,
        /** B's passkey is pending; B shows the code, A may type it. */
        CODE_READY,
        /** A approved: B's passkey is a Keycloak credential now. */
        APPROVED,
        /** A denied. */
        DENIED,
        /** Stopped: a wrong code, a second device on the link, or A cancelled. */
        ABORTED;

        public boolean ended() {
            return this == APPROVED || this == DENIED || this == ABORTED;
        }
    }

    /** How B received the link; only shown and recorded, never trusted. */
    public enum Via { QR_CODE, EMAIL_LINK }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "pkf.pairing.";

    private final Map<String, String> notes;
    private final String id;

    private Pairing(String id, Map<String, String> notes) {
        this.id = id;
        this.notes = notes;
    }

    /** 128 random bits, base64url: the id in the link and in the QR code. */
    static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static Pairing start(KeycloakSession session, RealmModel realm, String userId, String deviceACredentialModelId,
                                String aAgent, String aIp, long lifespanSeconds) {
        String id = newId();
        long now = Time.currentTimeMillis();
        Map<String, String> n = new HashMap<>();
        n.put("realm", realm.getId());
        n.put("user", userId);
        n.put("state", State.WAITING.name());
        n.put("created", Long.toString(now));
        n.put("expires", Long.toString(now + lifespanSeconds * 1000));
        if (deviceACredentialModelId != null) n.put("aCredential", deviceACredentialModelId);
        if (aAgent != null) n.put("aAgent", aAgent);
        if (aIp != null) n.put("aIp", aIp);
        Pairing p = new Pairing(id, n);
        session.singleUseObjects().put(PREFIX + id, lifespanSeconds, n);
        return p;
    }

    /** The pairing with this id in this realm, if it exists and has not expired. */
    public static Optional<Pairing> load(KeycloakSession session, RealmModel realm, String id) {
        if (id == null || !id.matches("[A-Za-z0-9_-]{22}")) return Optional.empty();
        Map<String, String> n = session.singleUseObjects().get(PREFIX + id);
        if (n == null || !realm.getId().equals(n.get("realm"))) return Optional.empty();
        Map<String, String> merged = new HashMap<>(n);
        // the ending is kept apart, so B's progress saved later can never overwrite it
        Map<String, String> ending = session.singleUseObjects().get(PREFIX + id + ".ending");
        if (ending != null) merged.putAll(ending);
        Pairing p = new Pairing(id, merged);
        return p.expiresAt() < Time.currentTimeMillis() ? Optional.empty() : Optional.of(p);
    }

    public String id() { return id; }
    public String userId() { return notes.get("user"); }
    public State state() { return State.valueOf(notes.get("state")); }
    public long createdAt() { return Long.parseLong(notes.get("created")); }
    public long expiresAt() { return Long.parseLong(notes.get("expires")); }
    public String deviceACredential() { return notes.get("aCredential"); }
    public String aAgent() { return notes.get("aAgent"); }
    public String aIp() { return notes.get("aIp"); }
    public String bAgent() { return notes.get("bAgent"); }
    public String bIp() { return notes.get("bIp"); }
    public Long bOpenedAt() { return notes.containsKey("bOpened") ? Long.valueOf(notes.get("bOpened")) : null; }
    public Via via() { return notes.containsKey("via") ? Via.valueOf(notes.get("via")) : Via.QR_CODE; }
    public String pendingId() { return notes.get("pending"); }
    public String endReason() { return notes.get("reason"); }
    public String approvedCredential() { return notes.get("credential"); }
    /** Hash of B's browser secret: B's later requests must carry the secret. */
    public String bBinding() { return notes.get("bBinding"); }

    public long remainingSeconds() {
        return Math.max(1, (expiresAt() - Time.currentTimeMillis() + 999) / 1000);
    }

    /**
     * B takes the link. Only the first device wins; a second one aborts the whole pairing (the
     * link has leaked, or someone is racing the user).
     */
    public boolean claimForDeviceB(KeycloakSession session, String binding, String agent, String ip, Via via) {
        if (!session.singleUseObjects().putIfAbsent(PREFIX + id + ".b", remainingSeconds())) return false;
        notes.put("state", State.OPENED.name());
        notes.put("bBinding", sha256(binding));
        notes.put("bOpened", Long.toString(Time.currentTimeMillis()));
        if (agent != null) notes.put("bAgent", agent);
        if (ip != null) notes.put("bIp", ip);
        notes.put("via", via.name());
        save(session);
        return true;
    }

    public boolean boundTo(String binding) {
        return binding != null && bBinding() != null
                && MessageDigest.isEqual(sha256(binding).getBytes(StandardCharsets.US_ASCII), bBinding().getBytes(StandardCharsets.US_ASCII));
    }

    /** B's passkey is pending: store its id and the code B will show (only its hash is kept). */
    public void codeReady(KeycloakSession session, String pendingId, String code) {
        notes.put("state", State.CODE_READY.name());
        notes.put("pending", pendingId);
        notes.put("code", codeHash(code));
        save(session);
    }

    public boolean codeMatches(String typed) {
        String expected = notes.get("code");
        return typed != null && expected != null
                && MessageDigest.isEqual(codeHash(typed).getBytes(StandardCharsets.US_ASCII), expected.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Ends the pairing. The first ending wins across the cluster; a later one (a second approval,
     * an approval racing a denial) returns false and must change nothing.
     */
    public boolean end(KeycloakSession session, State ending, String reason, String credentialModelId) {
        if (!ending.ended()) throw new IllegalArgumentException(ending + " is not an ending");
        if (!session.singleUseObjects().putIfAbsent(PREFIX + id + ".end", remainingSeconds())) return false;
        Map<String, String> e = new HashMap<>();
        e.put("state", ending.name());
        if (reason != null) e.put("reason", reason);
        if (credentialModelId != null) e.put("credential", credentialModelId);
        notes.putAll(e);
        session.singleUseObjects().put(PREFIX + id + ".ending", remainingSeconds(), e);
        return true;
    }

    private void save(KeycloakSession session) {
        // put, not replace: replace would drop the entry's lifespan and keep it forever
        Map<String, String> progress = new HashMap<>(notes);
        progress.keySet().removeAll(java.util.Set.of("reason", "credential"));
        if (State.valueOf(progress.get("state")).ended()) return;
        session.singleUseObjects().put(PREFIX + id, remainingSeconds(), progress);
    }

    private String codeHash(String code) {
        // salted with the pairing id: a code is only ever good for its own pairing
        return sha256(id + "|" + code.trim());
    }

    static String sha256(String s) {
        return CredentialIds.hash(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Six digits, uniformly random. */
    static String newCode() {
        return String.format("%06d", RANDOM.nextInt(1_000_000));
    }
}
