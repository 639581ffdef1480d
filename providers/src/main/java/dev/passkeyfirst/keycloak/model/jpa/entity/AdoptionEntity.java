package dev.passkeyfirst.keycloak.model.jpa.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** One realm's adoption snapshot (see {@code Adoption}), kept as JSON: it is read whole and written whole. */
@Entity(name = "PkfAdoptionEntity")
@Table(name = "PKF_ADOPTION")
@NamedQueries({
        @NamedQuery(name = "pkfAdoptions", query = "select a from PkfAdoptionEntity a"),
        @NamedQuery(name = "pkfDeleteAdoptionOfRealm", query = "delete from PkfAdoptionEntity a where a.realmId = :realmId"),
})
public class AdoptionEntity {

    @Id
    @Column(name = "REALM_ID", length = 36)
    private String realmId;
    @Column(name = "COMPUTED_AT", nullable = false)
    private long computedAt;
    @Column(name = "DATA", nullable = false)
    private String data;

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public long getComputedAt() {
        return computedAt;
    }

    public void setComputedAt(long computedAt) {
        this.computedAt = computedAt;
    }

    public String getData() {
        return data;
    }

    public void setData(String data) {
        this.data = data;
    }
}
