package dev.passkeyfirst.keycloak.model;

/**
 * One line of a user's account history: a sign-in or a change of their passkeys and ways back in.
 *
 * @param kind    the {@code pkf_action} of the event ("passkey_sign_in", "passkey_added"...)
 * @param method  how: the passkey's kind, the recovery proof, the way a passkey was enrolled; or null
 * @param label   the passkey's name as it was then, or null
 * @param agent   "Chrome on Android", as the browser said
 * @param place   city and country, or the network (see Places)
 * @param credentialId the passkey's credential id where the line is about one, or null
 * @param seen    the browser and place in comparable form
 * @param sessionId the sign-in session the line belongs to (the one it makes, for a sign-in), or null
 */
public record Activity(String id, String realmId, String userId, long at, String kind, String method, String label,
                       String agent, String place, String credentialId, Sighting seen, String sessionId) {

    /** What "new to the account" compares: the kind and method of a line beside where it happened. */
    public record Seen(long at, String kind, String method, String credentialId, Sighting where, String sessionId) {
    }
}
