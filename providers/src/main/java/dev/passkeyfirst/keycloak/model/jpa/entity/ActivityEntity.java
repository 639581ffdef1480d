package dev.passkeyfirst.keycloak.model.jpa.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A line of account history (see {@code Activity}): written once, never updated, removed by age. */
@Entity(name = "PkfActivityEntity")
@Table(name = "PKF_ACTIVITY")
@NamedQueries({
        @NamedQuery(name = "pkfActivityOfUser",
                query = "select a from PkfActivityEntity a where a.realmId = :realmId and a.userId = :userId order by a.at desc"),
        @NamedQuery(name = "pkfActivitySeen",
                query = "select a.at, a.kind, a.method, a.credentialId, a.device, a.country, a.network, a.sessionId from PkfActivityEntity a"
                        + " where a.realmId = :realmId and a.userId = :userId and a.at >= :since and a.at < :before order by a.at desc"),
        @NamedQuery(name = "pkfDeleteActivityBefore", query = "delete from PkfActivityEntity a where a.at < :before"),
        @NamedQuery(name = "pkfActivityCrowdedUsers",
                query = "select a.realmId, a.userId from PkfActivityEntity a group by a.realmId, a.userId having count(a) > :max"),
        @NamedQuery(name = "pkfDeleteActivityOfUserBefore",
                query = "delete from PkfActivityEntity a where a.realmId = :realmId and a.userId = :userId and a.at < :before"),
        @NamedQuery(name = "pkfDeleteActivityOfUser",
                query = "delete from PkfActivityEntity a where a.realmId = :realmId and a.userId = :userId"),
        @NamedQuery(name = "pkfDeleteActivityOfRealm", query = "delete from PkfActivityEntity a where a.realmId = :realmId"),
})
public class ActivityEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;
    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;
    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;
    @Column(name = "OCCURRED_AT", nullable = false)
    private long at;
    @Column(name = "KIND", length = 64, nullable = false)
    private String kind;
    @Column(name = "METHOD", length = 64)
    private String method;
    @Column(name = "LABEL", length = 255)
    private String label;
    @Column(name = "AGENT", length = 255)
    private String agent;
    @Column(name = "PLACE", length = 255)
    private String place;
    @Column(name = "CREDENTIAL_ID", length = 36)
    private String credentialId;
    @Column(name = "DEVICE", length = 64)
    private String device;
    @Column(name = "COUNTRY", length = 8)
    private String country;
    @Column(name = "NETWORK", length = 64)
    private String network;
    @Column(name = "SESSION_ID", length = 36)
    private String sessionId;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public long getAt() { return at; }
    public void setAt(long at) { this.at = at; }
    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }
    public String getMethod() { return method; }
    public void setMethod(String method) { this.method = method; }
    public String getLabel() { return label; }
    public void setLabel(String label) { this.label = label; }
    public String getAgent() { return agent; }
    public void setAgent(String agent) { this.agent = agent; }
    public String getPlace() { return place; }
    public void setPlace(String place) { this.place = place; }
    public String getCredentialId() { return credentialId; }
    public void setCredentialId(String credentialId) { this.credentialId = credentialId; }
    public String getDevice() { return device; }
    public void setDevice(String device) { this.device = device; }
    public String getCountry() { return country; }
    public void setCountry(String country) { this.country = country; }
    public String getNetwork() { return network; }
    public void setNetwork(String network) { this.network = network; }
    public String getSessionId() { return sessionId; }
    public void setSessionId(String sessionId) { this.sessionId = sessionId; }
}
