package dev.passkeyfirst.keycloak.model.jpa.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * What we learn about a passkey beyond what Keycloak's credential row holds. One row per Keycloak
 * credential, keyed by its id; the credential itself stays in Keycloak's own table, untouched.
 */
@Entity(name = "PkfPasskeyEntity")
@Table(name = "PKF_PASSKEY")
@NamedQueries({
        @NamedQuery(name = "pkfPasskeyUserFrom",
                query = "select p.userId from PkfPasskeyEntity p where p.realmId = :realmId and p.id >= :pivot order by p.id"),
        @NamedQuery(name = "pkfPasskeysOfUser",
                query = "select p from PkfPasskeyEntity p where p.realmId = :realmId and p.userId = :userId order by p.createdAt"),
        // a sign-in's one read of ours: the passkey's row, and whether its account holds any unexpired
        // pending passkey (a new device awaiting approval, a recovery waiting), through the pending
        // table's (REALM_ID, USER_ID) index; accounts without one need no second query
        @NamedQuery(name = "pkfPasskeyForSignIn",
                query = "select p, (select count(q) from PkfPendingPasskeyEntity q where q.realmId = p.realmId"
                        + " and q.userId = p.userId and q.expiresAt >= :now) from PkfPasskeyEntity p where p.id = :id"),
        @NamedQuery(name = "pkfPasskeyByCredentialIdHash",
                query = "select p from PkfPasskeyEntity p where p.realmId = :realmId and p.credentialIdHash = :hash"),
        @NamedQuery(name = "pkfDeletePasskeysOfUser",
                query = "delete from PkfPasskeyEntity p where p.realmId = :realmId and p.userId = :userId"),
        @NamedQuery(name = "pkfDeletePasskeysOfRealm",
                query = "delete from PkfPasskeyEntity p where p.realmId = :realmId"),
})
public class PasskeyEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    @Column(name = "CREDENTIAL_ID_HASH", length = 64, nullable = false)
    private String credentialIdHash;

    @Column(name = "AAGUID", length = 36)
    private String aaguid;

    @Column(name = "BACKUP_ELIGIBLE", nullable = false)
    private boolean backupEligible;

    @Column(name = "BACKUP_STATE", nullable = false)
    private boolean backupState;

    @Column(name = "TRANSPORTS", length = 255)
    private String transports;

    @Column(name = "ATTESTATION_FORMAT", length = 32)
    private String attestationFormat;

    @Column(name = "ENROLLMENT", length = 32, nullable = false)
    private String enrollment;

    @Column(name = "ENROLLED_FROM", length = 36)
    private String enrolledFrom;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "CREATED_AGENT", length = 255)
    private String createdAgent;

    @Column(name = "LAST_USED_AT")
    private Long lastUsedAt;

    @Column(name = "LAST_USED_AGENT", length = 255)
    private String lastUsedAgent;

    @Column(name = "LAST_USED_IP", length = 64)
    private String lastUsedIp;

    @Column(name = "LAST_USED_PLACE", length = 255)
    private String lastUsedPlace;

    /** Highest signature counter seen at sign-in; kept here so that a counting key's sign-in does not rewrite Keycloak's credential. */
    @Column(name = "SIGN_COUNT", nullable = false)
    private long signCount;

    /** Digest of what the Signal API last told this passkey's provider about the account; null if never. */
    @Column(name = "SIGNALLED", length = 64)
    private String signalled;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public String getCredentialIdHash() { return credentialIdHash; }
    public void setCredentialIdHash(String credentialIdHash) { this.credentialIdHash = credentialIdHash; }
    public String getAaguid() { return aaguid; }
    public void setAaguid(String aaguid) { this.aaguid = aaguid; }
    public boolean isBackupEligible() { return backupEligible; }
    public void setBackupEligible(boolean backupEligible) { this.backupEligible = backupEligible; }
    public boolean isBackupState() { return backupState; }
    public void setBackupState(boolean backupState) { this.backupState = backupState; }
    public String getTransports() { return transports; }
    public void setTransports(String transports) { this.transports = transports; }
    public String getAttestationFormat() { return attestationFormat; }
    public void setAttestationFormat(String attestationFormat) { this.attestationFormat = attestationFormat; }
    public String getEnrollment() { return enrollment; }
    public void setEnrollment(String enrollment) { this.enrollment = enrollment; }
    public String getEnrolledFrom() { return enrolledFrom; }
    public void setEnrolledFrom(String enrolledFrom) { this.enrolledFrom = enrolledFrom; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public String getCreatedAgent() { return createdAgent; }
    public void setCreatedAgent(String createdAgent) { this.createdAgent = createdAgent; }
    public Long getLastUsedAt() { return lastUsedAt; }
    public void setLastUsedAt(Long lastUsedAt) { this.lastUsedAt = lastUsedAt; }
    public String getLastUsedAgent() { return lastUsedAgent; }
    public void setLastUsedAgent(String lastUsedAgent) { this.lastUsedAgent = lastUsedAgent; }
    public String getLastUsedIp() { return lastUsedIp; }
    public void setLastUsedIp(String lastUsedIp) { this.lastUsedIp = lastUsedIp; }
    public String getLastUsedPlace() { return lastUsedPlace; }
    public void setLastUsedPlace(String lastUsedPlace) { this.lastUsedPlace = lastUsedPlace; }
    public long getSignCount() { return signCount; }
    public void setSignCount(long signCount) { this.signCount = signCount; }
    public String getSignalled() { return signalled; }
    public void setSignalled(String signalled) { this.signalled = signalled; }
}
