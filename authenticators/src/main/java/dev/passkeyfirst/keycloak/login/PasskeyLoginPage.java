package dev.passkeyfirst.keycloak.login;

/**
 * What the sign-in templates read as {@code pkf}. Options for the page's script travel in
 * {@code data} as JSON; everything else is for the markup.
 */
record PasskeyLoginPage(boolean usernameFirst, boolean passkeyButton, boolean conditionalUi, String loginHint,
                        String username, boolean restartAllowed, String data) {
}
