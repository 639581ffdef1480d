package dev.passkeyfirst.keycloak.migrate;

/**
 * What {@code pkf-passkey-nudge.ftl} reads as {@code pkfNudge}.
 *
 * @param mode          NUDGE (offer a passkey), UPGRADE (conditional create under way) or UPGRADED (tell what was made)
 * @param probe         the server does not know whether this browser can create a passkey: the page's script
 *                      checks and moves on by itself when it cannot
 * @param upgradedName  the passkey an automatic upgrade made (its name), for UPGRADED
 * @param provider      its provider (password manager), when known
 */
record NudgePage(String mode, boolean probe, String suggestedName, boolean skipAllowed, boolean neverOffered,
                 String upgradedName, String provider, String data) {
}
