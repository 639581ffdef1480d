package dev.passkeyfirst.keycloak.login;

/**
 * What the sign-in templates read as {@code pkf}. Options for the page's script travel in
 * {@code data} as JSON; everything else is for the markup. {@code password}: the username step also
 * asks for a password (the realm accepts one for this name).
 */
record PasskeyLoginPage(boolean usernameFirst, boolean passkeyButton, boolean conditionalUi, String loginHint,
                        String username, boolean restartAllowed, boolean password, String data) {
}
