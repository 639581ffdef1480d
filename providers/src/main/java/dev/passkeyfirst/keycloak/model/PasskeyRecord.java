package dev.passkeyfirst.keycloak.model;

/**
 * Facts about one passkey that Keycloak's credential does not keep: what the authenticator said
 * about itself, how it was enrolled, its last use, and the highest signature counter our sign-in
 * has seen.
 *
 * @param credentialModelId id of Keycloak's {@code CredentialModel}, the key of this record
 * @param credentialIdHash  base64url SHA-256 of the raw WebAuthn credential id, unique per realm
 * @param signCount         highest signature counter seen at sign-in, 0 for authenticators that keep none
 */
public record PasskeyRecord(String credentialModelId, String realmId, String userId, String credentialIdHash,
                            PasskeyFacts facts, Added added, LastUse lastUse, long signCount) {

    public String aaguid() {
        return facts.aaguid();
    }

    public boolean backupEligible() {
        return facts.backupEligible();
    }

    public boolean backupState() {
        return facts.backupState();
    }

    public boolean deviceBound() {
        return facts.deviceBound();
    }

    public Enrollment enrollment() {
        return added.how();
    }

    public String enrolledFrom() {
        return added.from();
    }
}
