package dev.passkeyfirst.keycloak.model;

/**
 * One successful assertion, as {@link PasskeyRecordStore#recordUse} needs it. The backup flags come
 * from the assertion's authenticator data, so a passkey Keycloak created without us is learned on
 * its first use.
 *
 * @param signCount the assertion's signature counter (0 from authenticators that keep none)
 */
public record PasskeyUse(String credentialModelId, String userId, String credentialIdHash, PasskeyFacts facts,
                         LastUse use, long signCount) {
}
