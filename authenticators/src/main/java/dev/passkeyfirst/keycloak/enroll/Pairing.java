package dev.passkeyfirst.keycloak.enroll;

import java.util.Optional;

import dev.passkeyfirst.keycloak.util.Secrets;
import dev.passkeyfirst.keycloak.vocabulary.SingleUseKeys;
import dev.passkeyfirst.keycloak.vocabulary.StateCodec;
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

    /** A device as the approval page compares them: browser and system, network, and when it came. */
    record Device(String agent, String ip, Long at) {
    }

    /** What the pairing holds while it runs; written by A (start) and B (progress). */
    record Progress(String realmId, String userId, State state, long expiresAt, String approverCredential, Device a,
                    Device b, String bBindingHash, Via via, String pendingId, String codeHash) {
    }

    /** How it ended; kept apart so that B's progress, saved later, can never overwrite it. */
    record Ending(State state, String reason, String credentialId) {
    }

    private final String id;
    private Progress progress;
    private Ending ending;

    private Pairing(String id, Progress progress, Ending ending) {
        this.id = id;
        this.progress = progress;
        this.ending = ending;
    }

    public static Pairing start(KeycloakSession session, RealmModel realm, String userId, String approverCredential,
                                String aAgent, String aIp, long lifespanSeconds) {
        long now = Time.currentTimeMillis();
        Pairing p = new Pairing(Secrets.id(), new Progress(realm.getId(), userId, State.WAITING, now + lifespanSeconds * 1000,
                approverCredential, new Device(aAgent, aIp, now), null, null, null, null, null), null);
        p.save(session);
        return p;
    }

    /** The pairing with this id in this realm, if it exists and has not expired. */
    public static Optional<Pairing> load(KeycloakSession session, RealmModel realm, String id) {
        if (!Secrets.isId(id)) return Optional.empty();
        Optional<Progress> progress = StateCodec.read(session.singleUseObjects().get(key(id)), Progress.class)
                .filter(p -> realm.getId().equals(p.realmId()) && p.expiresAt() >= Time.currentTimeMillis());
        if (progress.isEmpty()) return Optional.empty();
        Ending ending = StateCodec.read(session.singleUseObjects().get(key(id) + ".ending"), Ending.class).orElse(null);
        return Optional.of(new Pairing(id, progress.get(), ending));
    }

    public String id() { return id; }
    /** For logs and events: the id is a live secret while the pairing runs (DESIGN §5). */
    public String fingerprint() { return Secrets.fingerprint(id); }
    public String userId() { return progress.userId(); }
    public State state() { return ending != null ? ending.state() : progress.state(); }
    public long expiresAt() { return progress.expiresAt(); }
    public String approverCredential() { return progress.approverCredential(); }
    public String aAgent() { return progress.a().agent(); }
    public String aIp() { return progress.a().ip(); }
    public String bAgent() { return progress.b() == null ? null : progress.b().agent(); }
    public String bIp() { return progress.b() == null ? null : progress.b().ip(); }
    public Long bOpenedAt() { return progress.b() == null ? null : progress.b().at(); }
    public Via via() { return progress.via() == null ? Via.QR_CODE : progress.via(); }
    public String pendingId() { return progress.pendingId(); }
    public String endReason() { return ending == null ? null : ending.reason(); }
    public String approvedCredential() { return ending == null ? null : ending.credentialId(); }

    public long remainingSeconds() {
        return Math.max(1, (expiresAt() - Time.currentTimeMillis() + 999) / 1000);
    }

    /**
     * B takes the link. Only the first device wins; a second one aborts the whole pairing (the
     * link has leaked, or someone is racing the user).
     */
    public boolean claimForDeviceB(KeycloakSession session, String binding, String agent, String ip, Via via) {
        if (!session.singleUseObjects().putIfAbsent(key(id) + ".b", remainingSeconds())) return false;
        progress = new Progress(progress.realmId(), progress.userId(), State.OPENED, progress.expiresAt(), progress.approverCredential(),
                progress.a(), new Device(agent, ip, Time.currentTimeMillis()), Secrets.sha256(binding), via, null, null);
        save(session);
        return true;
    }

    public boolean boundTo(String binding) {
        return binding != null && Secrets.equal(Secrets.sha256(binding), progress.bBindingHash());
    }

    /** B's passkey is pending: store its id and the code B will show (only its hash is kept). */
    public void codeReady(KeycloakSession session, String pendingId, String code) {
        progress = new Progress(progress.realmId(), progress.userId(), State.CODE_READY, progress.expiresAt(), progress.approverCredential(),
                progress.a(), progress.b(), progress.bBindingHash(), progress.via(), pendingId, codeHash(code));
        save(session);
    }

    public boolean codeMatches(String typed) {
        return typed != null && Secrets.equal(codeHash(typed), progress.codeHash());
    }

    /**
     * Ends the pairing. The first ending wins across the cluster; a later one (a second approval,
     * an approval racing a denial) returns false and must change nothing.
     */
    public boolean end(KeycloakSession session, State state, String reason, String credentialId) {
        if (!state.ended()) throw new IllegalArgumentException(state + " is not an ending");
        if (!session.singleUseObjects().putIfAbsent(key(id) + ".end", remainingSeconds())) return false;
        ending = new Ending(state, reason, credentialId);
        session.singleUseObjects().put(key(id) + ".ending", remainingSeconds(), StateCodec.write(ending));
        return true;
    }

    private void save(KeycloakSession session) {
        // put, not replace: replace would drop the entry's lifespan and keep it forever
        if (ending == null) session.singleUseObjects().put(key(id), remainingSeconds(), StateCodec.write(progress));
    }

    private String codeHash(String code) {
        // salted with the pairing id: a code is only ever good for its own pairing
        return Secrets.sha256(id + "|" + code.trim());
    }

    private static String key(String id) {
        return SingleUseKeys.PAIRING + id;
    }

    /** Six digits, uniformly random. */
    static String newCode() {
        return Secrets.digits(6);
    }
}
