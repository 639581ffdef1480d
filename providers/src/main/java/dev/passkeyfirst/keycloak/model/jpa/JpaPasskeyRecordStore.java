package dev.passkeyfirst.keycloak.model.jpa;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.persistence.EntityManager;

import dev.passkeyfirst.keycloak.model.Activity;
import dev.passkeyfirst.keycloak.model.Added;
import dev.passkeyfirst.keycloak.model.Adoption;
import dev.passkeyfirst.keycloak.model.Enrollment;
import dev.passkeyfirst.keycloak.model.LastUse;
import dev.passkeyfirst.keycloak.model.PasskeyFacts;
import dev.passkeyfirst.keycloak.model.PasskeyRecord;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.model.PasskeyUse;
import dev.passkeyfirst.keycloak.model.PendingPasskey;
import dev.passkeyfirst.keycloak.model.SignInRecord;
import dev.passkeyfirst.keycloak.model.Sighting;
import dev.passkeyfirst.keycloak.model.jpa.entity.ActivityEntity;
import dev.passkeyfirst.keycloak.model.jpa.entity.AdoptionEntity;
import dev.passkeyfirst.keycloak.model.jpa.entity.CredentialIdEntity;
import dev.passkeyfirst.keycloak.model.jpa.entity.PasskeyEntity;
import dev.passkeyfirst.keycloak.model.jpa.entity.PendingPasskeyEntity;
import dev.passkeyfirst.keycloak.util.CredentialIds;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.models.credential.dto.WebAuthnCredentialData;
import org.keycloak.models.jpa.entities.CredentialEntity;
import org.keycloak.storage.jpa.entity.FederatedUserCredentialEntity;
import org.keycloak.util.JsonSerialization;

public class JpaPasskeyRecordStore implements PasskeyRecordStore {

    private static final Logger LOG = Logger.getLogger(JpaPasskeyRecordStore.class);
    private static final int AGENT_MAX = 255;

    private final EntityManager em;

    public JpaPasskeyRecordStore(EntityManager em) {
        this.em = em;
    }

    @Override
    public Optional<PasskeyRecord> get(RealmModel realm, String credentialModelId) {
        PasskeyEntity e = em.find(PasskeyEntity.class, credentialModelId);
        return e == null || !e.getRealmId().equals(realm.getId()) ? Optional.empty() : Optional.of(toModel(e));
    }

    @Override
    public Optional<SignInRecord> getForSignIn(RealmModel realm, String credentialModelId, long now) {
        List<Object[]> rows = em.createNamedQuery("pkfPasskeyForSignIn", Object[].class)
                .setParameter("id", credentialModelId).setParameter("now", now).getResultList();
        if (rows.isEmpty()) return Optional.empty();
        // the entity comes back managed: recordUse finds it in the persistence context, without a query
        PasskeyEntity e = (PasskeyEntity) rows.get(0)[0];
        if (!e.getRealmId().equals(realm.getId())) return Optional.empty();
        long pending = ((Number) rows.get(0)[1]).longValue();
        return Optional.of(new SignInRecord(toModel(e), pending > 0, e.getSignalled()));
    }

    @Override
    public void setSignalled(RealmModel realm, String credentialModelId, String digest) {
        PasskeyEntity e = em.find(PasskeyEntity.class, credentialModelId);
        if (e != null && e.getRealmId().equals(realm.getId())) e.setSignalled(digest);
    }

    @Override
    public List<PasskeyRecord> getForUser(RealmModel realm, UserModel user) {
        Set<String> live = user.credentialManager()
                .getStoredCredentialsByTypeStream(WebAuthnCredentialModel.TYPE_PASSWORDLESS)
                .map(c -> c.getId()).collect(Collectors.toSet());
        List<PasskeyEntity> rows = em.createNamedQuery("pkfPasskeysOfUser", PasskeyEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("userId", user.getId()).getResultList();
        // a credential removed through Keycloak (account console, admin) leaves our row behind: drop it here
        rows.stream().filter(r -> !live.contains(r.getId())).forEach(em::remove);
        return rows.stream().filter(r -> live.contains(r.getId())).map(JpaPasskeyRecordStore::toModel).toList();
    }

    @Override
    public boolean credentialIdInUse(RealmModel realm, byte[] rawCredentialId) {
        String hash = CredentialIds.hash(rawCredentialId);
        // our row goes with our passkey's credential; the index row covers the rest (Keycloak's own
        // steps, imports, credentials from before the pack), noted by the credential providers and at start.
        // Only a live credential holds an id: a removed passkey's id can be registered again.
        return ourRowHeld(realm, hash)
                || em.createNamedQuery("pkfCredentialIdTaken", String.class).setParameter("realmId", realm.getId()).setParameter("hash", hash)
                .getResultList().stream().anyMatch(this::credentialExists);
    }

    /**
     * Whether a row of ours with this hash belongs to a live credential. Rows a credential left behind
     * (the consoles and the admin REST API remove by id, past us) are dropped, and the drop is flushed:
     * the caller's new row takes their unique key, and Hibernate would insert before it deletes.
     */
    private boolean ourRowHeld(RealmModel realm, String hash) {
        boolean dropped = false;
        for (PasskeyEntity e : em.createNamedQuery("pkfPasskeyByCredentialIdHash", PasskeyEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("hash", hash).getResultList()) {
            if (credentialExists(e.getId())) return true;
            em.remove(e);
            dropped = true;
        }
        if (dropped) em.flush();
        return false;
    }

    private boolean credentialExists(String credentialModelId) {
        return em.find(CredentialEntity.class, credentialModelId) != null
                || em.find(FederatedUserCredentialEntity.class, credentialModelId) != null;
    }

    @Override
    public void indexCredentialId(RealmModel realm, String userId, String credentialModelId, byte[] rawCredentialId) {
        em.persist(new CredentialIdEntity(credentialModelId, realm.getId(), userId, CredentialIds.hash(rawCredentialId)));
    }

    @Override
    public void unindexCredentialId(String credentialModelId) {
        CredentialIdEntity e = em.find(CredentialIdEntity.class, credentialModelId);
        if (e != null) em.remove(e);
    }

    /** How far a pass over the credentials without an index row got: the last id looked at, null at the end. */
    record IndexProgress(String last, int noted) {
    }

    /** Notes up to {@code max} WebAuthn credentials that have no index row yet, in id order after {@code after}. */
    IndexProgress indexMissingCredentialIds(String after, int max) {
        List<Object[]> rows = em.createNamedQuery("pkfCredentialIdMissing", Object[].class)
                .setParameter("types", List.of(WebAuthnCredentialModel.TYPE_PASSWORDLESS, WebAuthnCredentialModel.TYPE_TWOFACTOR))
                .setParameter("after", after).setMaxResults(max).getResultList();
        String last = null;
        int noted = 0;
        for (Object[] row : rows) {
            last = (String) row[0];
            Optional<byte[]> raw = rawCredentialId((String) row[3]);
            if (raw.isPresent()) {
                em.persist(new CredentialIdEntity(last, (String) row[2], (String) row[1], CredentialIds.hash(raw.get())));
                noted++;
            } else {
                LOG.warnf("WebAuthn credential %s holds no readable credential id; not indexed", last);
            }
        }
        return new IndexProgress(last, noted);
    }

    /** The raw credential id in Keycloak's stored credential data, if it can be read. */
    static Optional<byte[]> rawCredentialId(String credentialData) {
        try {
            return CredentialIds.readKeycloakForm(JsonSerialization.readValue(credentialData, WebAuthnCredentialData.class).getCredentialId());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Removes index rows whose credential is gone; returns how many. */
    int removeStaleCredentialIds() {
        return em.createNamedQuery("pkfDeleteCredentialIdsStale").executeUpdate();
    }

    @Override
    public void add(PasskeyRecord r) {
        PasskeyEntity e = new PasskeyEntity();
        e.setId(r.credentialModelId());
        e.setRealmId(r.realmId());
        e.setUserId(r.userId());
        e.setCredentialIdHash(r.credentialIdHash());
        e.setAaguid(r.facts().aaguid());
        e.setBackupEligible(r.facts().backupEligible());
        e.setBackupState(r.facts().backupState());
        e.setTransports(joinTransports(r.facts().transports()));
        e.setAttestationFormat(r.facts().attestationFormat());
        e.setEnrollment(r.added().how().name());
        e.setEnrolledFrom(r.added().from());
        e.setCreatedAt(r.added().at());
        e.setCreatedAgent(clip(r.added().agent(), AGENT_MAX));
        writeLastUse(e, r.lastUse());
        e.setSignCount(r.signCount());
        em.persist(e);
    }

    private static void writeLastUse(PasskeyEntity e, LastUse use) {
        e.setLastUsedAt(use.at());
        e.setLastUsedAgent(clip(use.agent(), AGENT_MAX));
        e.setLastUsedIp(clip(use.ip(), 64));
        e.setLastUsedPlace(clip(use.place(), 255));
    }

    @Override
    public Optional<String> userAtOrAfter(RealmModel realm, String pivot) {
        for (String from : new String[]{pivot, ""}) {
            List<String> found = em.createNamedQuery("pkfPasskeyUserFrom", String.class)
                    .setParameter("realmId", realm.getId()).setParameter("pivot", from).setMaxResults(1).getResultList();
            if (!found.isEmpty()) return Optional.of(found.get(0));
        }
        return Optional.empty();
    }

    @Override
    public boolean recordUse(RealmModel realm, PasskeyUse use, long minIntervalMillis) {
        PasskeyEntity e = em.find(PasskeyEntity.class, use.credentialModelId());
        if (e == null && ourRowHeld(realm, use.credentialIdHash())) {
            // Keycloak's own steps stored the same credential id twice (DESIGN §5): the first keeps the row
            LOG.warnf("passkey %s shares its credential id with another passkey in realm %s; no record of ours kept",
                    use.credentialModelId(), realm.getName());
            return false;
        }
        if (e == null) {
            add(new PasskeyRecord(use.credentialModelId(), realm.getId(), use.userId(), use.credentialIdHash(), use.facts(),
                    new Added(Enrollment.UNKNOWN, null, use.use().at(), null), use.use(), use.signCount()));
            return true;
        }
        // the entity is managed: changed fields are written once, when the transaction commits
        if (use.signCount() > e.getSignCount()) e.setSignCount(use.signCount());
        boolean stale = e.getLastUsedAt() == null || use.use().at() - e.getLastUsedAt() >= minIntervalMillis;
        if (!stale && e.isBackupState() == use.facts().backupState()) return false;
        e.setBackupState(use.facts().backupState());
        writeLastUse(e, use.use());
        return true;
    }

    @Override
    public void remove(RealmModel realm, String credentialModelId) {
        PasskeyEntity e = em.find(PasskeyEntity.class, credentialModelId);
        if (e != null && e.getRealmId().equals(realm.getId())) em.remove(e);
    }

    @Override
    public boolean addPending(PendingPasskey p) {
        // expired rows go first, so nobody waits on a ceremony that ended long ago
        em.createNamedQuery("pkfDeleteExpiredPending").setParameter("now", Time.currentTimeMillis()).executeUpdate();
        if (!em.createNamedQuery("pkfPendingByCredentialIdHash", PendingPasskeyEntity.class)
                .setParameter("realmId", p.realmId()).setParameter("hash", p.credentialIdHash()).setMaxResults(1).getResultList().isEmpty()) {
            return false;
        }
        PendingPasskeyEntity e = new PendingPasskeyEntity();
        e.setId(p.id());
        e.setRealmId(p.realmId());
        e.setUserId(p.userId());
        e.setPurpose(p.purpose().name());
        e.setCeremonyId(p.ceremonyId());
        e.setCredentialIdHash(p.credentialIdHash());
        e.setCredentialData(p.keycloakForm().credentialData());
        e.setSecretData(p.keycloakForm().secretData());
        e.setLabel(clip(p.keycloakForm().label(), 255));
        e.setAaguid(p.facts().aaguid());
        e.setBackupEligible(p.facts().backupEligible());
        e.setBackupState(p.facts().backupState());
        e.setTransports(joinTransports(p.facts().transports()));
        e.setAttestationFormat(p.facts().attestationFormat());
        e.setCreatedAgent(clip(p.created().agent(), AGENT_MAX));
        e.setCreatedIp(clip(p.created().ip(), 64));
        e.setCreatedAt(p.created().at());
        e.setExpiresAt(p.expiresAt());
        e.setActivateAt(p.activateAt());
        em.persist(e);
        return true;
    }

    @Override
    public Optional<PendingPasskey> getPending(RealmModel realm, String id) {
        PendingPasskeyEntity e = em.find(PendingPasskeyEntity.class, id);
        return e == null || !e.getRealmId().equals(realm.getId()) || e.getExpiresAt() < Time.currentTimeMillis()
                ? Optional.empty() : Optional.of(toModel(e));
    }

    @Override
    public List<PendingPasskey> getPendingOfUser(RealmModel realm, UserModel user) {
        long now = Time.currentTimeMillis();
        return em.createNamedQuery("pkfPendingOfUser", PendingPasskeyEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("userId", user.getId()).getResultList()
                .stream().filter(e -> e.getExpiresAt() >= now).map(JpaPasskeyRecordStore::toModel).toList();
    }

    /** An account whose recovered passkeys wait, and when the first of them comes due. */
    record WaitingRecovery(String realmId, String userId, long dueFrom) {
    }

    List<WaitingRecovery> waitingRecoveries(long now) {
        return em.createNamedQuery("pkfWaitingRecoveries", Object[].class).setParameter("now", now).getResultList().stream()
                .map(r -> new WaitingRecovery((String) r[0], (String) r[1], ((Number) r[2]).longValue())).toList();
    }

    @Override
    public boolean removePending(RealmModel realm, String id) {
        // a bulk delete reports how many rows it removed: of two concurrent activations on any
        // number of nodes, the database lets exactly one see 1
        return em.createQuery("delete from PkfPendingPasskeyEntity p where p.id = :id and p.realmId = :realmId")
                .setParameter("id", id).setParameter("realmId", realm.getId()).executeUpdate() == 1;
    }

    @Override
    public boolean pendingCredentialIdInUse(RealmModel realm, byte[] rawCredentialId) {
        return !em.createNamedQuery("pkfPendingByCredentialIdHash", PendingPasskeyEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("hash", CredentialIds.hash(rawCredentialId))
                .setMaxResults(1).getResultList().isEmpty();
    }

    void removeForUser(String realmId, String userId) {
        em.createNamedQuery("pkfDeletePasskeysOfUser").setParameter("realmId", realmId).setParameter("userId", userId).executeUpdate();
        em.createNamedQuery("pkfDeletePendingOfUser").setParameter("realmId", realmId).setParameter("userId", userId).executeUpdate();
        em.createNamedQuery("pkfDeleteActivityOfUser").setParameter("realmId", realmId).setParameter("userId", userId).executeUpdate();
        em.createNamedQuery("pkfDeleteCredentialIdsOfUser").setParameter("realmId", realmId).setParameter("userId", userId).executeUpdate();
    }

    void removeForRealm(String realmId) {
        em.createNamedQuery("pkfDeletePasskeysOfRealm").setParameter("realmId", realmId).executeUpdate();
        em.createNamedQuery("pkfDeletePendingOfRealm").setParameter("realmId", realmId).executeUpdate();
        em.createNamedQuery("pkfDeleteAdoptionOfRealm").setParameter("realmId", realmId).executeUpdate();
        em.createNamedQuery("pkfDeleteActivityOfRealm").setParameter("realmId", realmId).executeUpdate();
        em.createNamedQuery("pkfDeleteCredentialIdsOfRealm").setParameter("realmId", realmId).executeUpdate();
    }

    private static PendingPasskey toModel(PendingPasskeyEntity e) {
        return new PendingPasskey(e.getId(), e.getRealmId(), e.getUserId(), PendingPasskey.Purpose.valueOf(e.getPurpose()),
                e.getCeremonyId(), e.getCredentialIdHash(),
                new PendingPasskey.KeycloakForm(e.getCredentialData(), e.getSecretData(), e.getLabel()),
                new PasskeyFacts(e.getAaguid(), e.isBackupEligible(), e.isBackupState(), splitTransports(e.getTransports()),
                        e.getAttestationFormat()),
                new LastUse(e.getCreatedAt(), e.getCreatedAgent(), e.getCreatedIp(), null), e.getExpiresAt(), e.getActivateAt());
    }

    @Override
    public void close() {
    }

    private static PasskeyRecord toModel(PasskeyEntity e) {
        return new PasskeyRecord(e.getId(), e.getRealmId(), e.getUserId(), e.getCredentialIdHash(),
                new PasskeyFacts(e.getAaguid(), e.isBackupEligible(), e.isBackupState(), splitTransports(e.getTransports()),
                        e.getAttestationFormat()),
                new Added(Enrollment.parse(e.getEnrollment()), e.getEnrolledFrom(), e.getCreatedAt(), e.getCreatedAgent()),
                new LastUse(e.getLastUsedAt(), e.getLastUsedAgent(), e.getLastUsedIp(), e.getLastUsedPlace()), e.getSignCount());
    }

    private static String joinTransports(Set<String> transports) {
        return transports == null || transports.isEmpty() ? null : clip(String.join(",", transports), 255);
    }

    private static Set<String> splitTransports(String joined) {
        if (joined == null || joined.isBlank()) return Set.of();
        return new LinkedHashSet<>(Arrays.asList(joined.split(",")));
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    @Override
    public List<Adoption.AuthenticatorCount> countPasskeyHolders(RealmModel realm) {
        // joined with Keycloak's credential: a row whose credential was removed elsewhere is not counted
        List<Object[]> rows = em.createQuery("select p.aaguid, p.backupEligible, count(distinct p.userId)"
                        + " from PkfPasskeyEntity p, CredentialEntity c where c.id = p.id and p.realmId = :realmId"
                        + " group by p.aaguid, p.backupEligible", Object[].class)
                .setParameter("realmId", realm.getId()).getResultList();
        return rows.stream().map(r -> new Adoption.AuthenticatorCount((String) r[0], (Boolean) r[1], ((Number) r[2]).longValue())).toList();
    }

    @Override
    public long countAccountsWithPasskey(RealmModel realm) {
        return em.createQuery("select count(distinct c.user.id) from CredentialEntity c where c.user.realmId = :realmId and c.type = :type", Long.class)
                .setParameter("realmId", realm.getId()).setParameter("type", WebAuthnCredentialModel.TYPE_PASSWORDLESS)
                .getSingleResult();
    }

    @Override
    public long countWaitingRecoveries(RealmModel realm, long now) {
        return em.createQuery("select count(p) from PkfPendingPasskeyEntity p where p.realmId = :realmId and p.purpose = :purpose and p.expiresAt >= :now", Long.class)
                .setParameter("realmId", realm.getId()).setParameter("purpose", PendingPasskey.Purpose.RECOVERY.name())
                .setParameter("now", now).getSingleResult();
    }

    @Override
    public void saveAdoption(Adoption adoption) {
        AdoptionEntity e = em.find(AdoptionEntity.class, adoption.realmId());
        boolean added = e == null;
        if (added) {
            e = new AdoptionEntity();
            e.setRealmId(adoption.realmId());
        }
        e.setComputedAt(adoption.computedAt());
        try {
            e.setData(JsonSerialization.writeValueAsString(adoption));
        } catch (java.io.IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        if (added) em.persist(e);
    }

    @Override
    public Optional<Adoption> getAdoption(RealmModel realm) {
        return Optional.ofNullable(em.find(AdoptionEntity.class, realm.getId())).flatMap(JpaPasskeyRecordStore::adoption);
    }

    @Override
    public List<Adoption> getAdoptions() {
        return em.createNamedQuery("pkfAdoptions", AdoptionEntity.class).getResultList().stream()
                .map(JpaPasskeyRecordStore::adoption).flatMap(Optional::stream).toList();
    }

    private static Optional<Adoption> adoption(AdoptionEntity e) {
        try {
            return Optional.of(JsonSerialization.readValue(e.getData(), Adoption.class));
        } catch (java.io.IOException | RuntimeException unreadable) {
            // a snapshot from another version of the pack: the next count replaces it
            LOG.warnf("adoption snapshot of realm %s unreadable, the next count replaces it: %s", e.getRealmId(), unreadable.toString());
            return Optional.empty();
        }
    }

    @Override
    public void addActivity(Activity a) {
        ActivityEntity e = new ActivityEntity();
        e.setId(a.id());
        e.setRealmId(a.realmId());
        e.setUserId(a.userId());
        e.setAt(a.at());
        e.setKind(clip(a.kind(), 64));
        e.setMethod(clip(a.method(), 64));
        e.setLabel(clip(a.label(), 255));
        e.setAgent(clip(a.agent(), AGENT_MAX));
        e.setPlace(clip(a.place(), 255));
        e.setCredentialId(a.credentialId());
        Sighting seen = a.seen() == null ? Sighting.NOWHERE : a.seen();
        e.setDevice(clip(seen.device(), 64));
        e.setCountry(clip(seen.country(), 8));
        e.setNetwork(clip(seen.network(), 64));
        e.setSessionId(clip(a.sessionId(), 36));
        em.persist(e);
    }

    @Override
    public List<Activity> getActivity(RealmModel realm, UserModel user, int max) {
        return em.createNamedQuery("pkfActivityOfUser", ActivityEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("userId", user.getId()).setMaxResults(max)
                .getResultList().stream()
                .map(e -> new Activity(e.getId(), e.getRealmId(), e.getUserId(), e.getAt(), e.getKind(), e.getMethod(), e.getLabel(),
                        e.getAgent(), e.getPlace(), e.getCredentialId(), new Sighting(e.getDevice(), e.getCountry(), e.getNetwork()), e.getSessionId()))
                .toList();
    }

    @Override
    public List<Activity.Seen> getSeen(RealmModel realm, UserModel user, long since, long before) {
        return em.createNamedQuery("pkfActivitySeen", Object[].class)
                .setParameter("realmId", realm.getId()).setParameter("userId", user.getId())
                .setParameter("since", since).setParameter("before", before)
                .getResultList().stream()
                .map(r -> new Activity.Seen((Long) r[0], (String) r[1], (String) r[2], (String) r[3],
                        new Sighting((String) r[4], (String) r[5], (String) r[6]), (String) r[7]))
                .toList();
    }

    @Override
    public int purgeActivity(long before, int maxPerUser) {
        int removed = em.createNamedQuery("pkfDeleteActivityBefore").setParameter("before", before).executeUpdate();
        List<Object[]> crowded = em.createNamedQuery("pkfActivityCrowdedUsers", Object[].class).setParameter("max", (long) maxPerUser)
                .getResultList();
        for (Object[] u : crowded) {
            // the time of the user's newest line beyond the limit: everything older goes
            List<Long> at = em.createQuery("select a.at from PkfActivityEntity a where a.realmId = :realmId and a.userId = :userId"
                            + " order by a.at desc", Long.class)
                    .setParameter("realmId", u[0]).setParameter("userId", u[1]).setFirstResult(maxPerUser - 1).setMaxResults(1)
                    .getResultList();
            if (at.isEmpty()) continue;
            removed += em.createNamedQuery("pkfDeleteActivityOfUserBefore").setParameter("realmId", u[0]).setParameter("userId", u[1])
                    .setParameter("before", at.get(0)).executeUpdate();
        }
        return removed;
    }
}
