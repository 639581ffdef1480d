package dev.passkeyfirst.keycloak.model.jpa.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A verified passkey that is not yet a Keycloak credential. See {@code PendingPasskey}. */
@Entity(name = "PkfPendingPasskeyEntity")
@Table(name = "PKF_PENDING_PASSKEY")
@NamedQueries({
        @NamedQuery(name = "pkfPendingByCredentialIdHash",
                query = "select p from PkfPendingPasskeyEntity p where p.realmId = :realmId and p.credentialIdHash = :hash"),
        @NamedQuery(name = "pkfPendingOfUser",
                query = "select p from PkfPendingPasskeyEntity p where p.realmId = :realmId and p.userId = :userId order by p.createdAt"),
        @NamedQuery(name = "pkfDeleteExpiredPending",
                query = "delete from PkfPendingPasskeyEntity p where p.expiresAt < :now"),
        @NamedQuery(name = "pkfDeletePendingOfUser",
                query = "delete from PkfPendingPasskeyEntity p where p.realmId = :realmId and p.userId = :userId"),
        @NamedQuery(name = "pkfDeletePendingOfRealm",
                query = "delete from PkfPendingPasskeyEntity p where p.realmId = :realmId"),
        @NamedQuery(name = "pkfWaitingRecoveries",
                query = "select p.realmId, p.userId, min(p.activateAt) from PkfPendingPasskeyEntity p"
                        + " where p.purpose = 'RECOVERY' and p.activateAt is not null and p.expiresAt >= :now group by p.realmId, p.userId"),
})
public class PendingPasskeyEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;
    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;
    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;
    @Column(name = "PURPOSE", length = 32, nullable = false)
    private String purpose;
    @Column(name = "CEREMONY_ID", length = 64, nullable = false)
    private String ceremonyId;
    @Column(name = "CREDENTIAL_ID_HASH", length = 64, nullable = false)
    private String credentialIdHash;
    @Column(name = "CREDENTIAL_DATA", nullable = false)
    private String credentialData;
    @Column(name = "SECRET_DATA", nullable = false)
    private String secretData;
    @Column(name = "LABEL", length = 255, nullable = false)
    private String label;
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
    @Column(name = "CREATED_AGENT", length = 255)
    private String createdAgent;
    @Column(name = "CREATED_IP", length = 64)
    private String createdIp;
    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;
    @Column(name = "EXPIRES_AT", nullable = false)
    private long expiresAt;
    @Column(name = "ACTIVATE_AT")
    private Long activateAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public String getPurpose() { return purpose; }
    public void setPurpose(String purpose) { this.purpose = purpose; }
    public String getCeremonyId() { return ceremonyId; }
    public void setCeremonyId(String ceremonyId) { this.ceremonyId = ceremonyId; }
    public String getCredentialIdHash() { return credentialIdHash; }
    public void setCredentialIdHash(String credentialIdHash) { this.credentialIdHash = credentialIdHash; }
    public String getCredentialData() { return credentialData; }
    public void setCredentialData(String credentialData) { this.credentialData = credentialData; }
    public String getSecretData() { return secretData; }
    public void setSecretData(String secretData) { this.secretData = secretData; }
    public String getLabel() { return label; }
    public void setLabel(String label) { this.label = label; }
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
    public String getCreatedAgent() { return createdAgent; }
    public void setCreatedAgent(String createdAgent) { this.createdAgent = createdAgent; }
    public String getCreatedIp() { return createdIp; }
    public void setCreatedIp(String createdIp) { this.createdIp = createdIp; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public long getExpiresAt() { return expiresAt; }
    public void setExpiresAt(long expiresAt) { this.expiresAt = expiresAt; }
    public Long getActivateAt() { return activateAt; }
    public void setActivateAt(Long activateAt) { this.activateAt = activateAt; }
}
