package dev.passkeyfirst.keycloak.model.jpa.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One WebAuthn credential of Keycloak's, keyed by its id, with the hash of the credential id the
 * authenticator gave it: the index Keycloak's JSON column cannot have.
 */
@Entity(name = "PkfCredentialIdEntity")
@Table(name = "PKF_CREDENTIAL_ID")
@NamedQueries({
        @NamedQuery(name = "pkfCredentialIdTaken",
                query = "select r.id from PkfCredentialIdEntity r where r.realmId = :realmId and r.credentialIdHash = :hash"),
        // WebAuthn credentials without a row yet, in id order from a cursor: written before the pack
        // was installed, or while it was removed
        @NamedQuery(name = "pkfCredentialIdMissing",
                query = "select c.id, u.id, u.realmId, c.credentialData from CredentialEntity c join c.user u"
                        + " where c.type in :types and c.id > :after"
                        + " and not exists (select r.id from PkfCredentialIdEntity r where r.id = c.id) order by c.id"),
        // rows whose credential Keycloak removed without its provider (the consoles remove by id)
        @NamedQuery(name = "pkfDeleteCredentialIdsStale",
                query = "delete from PkfCredentialIdEntity r where not exists (select c.id from CredentialEntity c where c.id = r.id)"
                        + " and not exists (select f.id from FederatedUserCredentialEntity f where f.id = r.id)"),
        @NamedQuery(name = "pkfDeleteCredentialIdsOfUser",
                query = "delete from PkfCredentialIdEntity r where r.realmId = :realmId and r.userId = :userId"),
        @NamedQuery(name = "pkfDeleteCredentialIdsOfRealm",
                query = "delete from PkfCredentialIdEntity r where r.realmId = :realmId"),
})
public class CredentialIdEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 255, nullable = false)
    private String userId;

    @Column(name = "CREDENTIAL_ID_HASH", length = 64, nullable = false)
    private String credentialIdHash;

    public CredentialIdEntity() {
    }

    public CredentialIdEntity(String id, String realmId, String userId, String credentialIdHash) {
        this.id = id;
        this.realmId = realmId;
        this.userId = userId;
        this.credentialIdHash = credentialIdHash;
    }

    public String getId() {
        return id;
    }

    public String getRealmId() {
        return realmId;
    }

    public String getUserId() {
        return userId;
    }

    public String getCredentialIdHash() {
        return credentialIdHash;
    }
}
