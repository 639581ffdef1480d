package dev.passkeyfirst.keycloak.login;

/**
 * What {@code pkf-login-place-proof.ftl} reads as {@code pkfPlace}: where the sign-in came from, which
 * second proofs the account can give, and whether it may go on without one (limited).
 */
record PlaceProofPage(String place, boolean otherPasskey, boolean email, boolean codeSent, boolean limitedAllowed, String data) {
}
