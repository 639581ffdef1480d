package dev.passkeyfirst.keycloak.login;

/**
 * What the sign-in templates read as {@code pkf}. Options for the page's script travel in
 * {@link #getData()} as JSON; everything else is for the markup.
 */
public class PasskeyLoginPage {

    private final boolean usernameFirst;
    private final boolean passkeyButton;
    private final boolean conditionalUi;
    private final String loginHint;
    private final String username;
    private final boolean restartAllowed;
    private final String data;

    PasskeyLoginPage(boolean usernameFirst, boolean passkeyButton, boolean conditionalUi, String loginHint,
                     String username, boolean restartAllowed, String data) {
        this.usernameFirst = usernameFirst;
        this.passkeyButton = passkeyButton;
        this.conditionalUi = conditionalUi;
        this.loginHint = loginHint;
        this.username = username;
        this.restartAllowed = restartAllowed;
        this.data = data;
    }

    public boolean isUsernameFirst() { return usernameFirst; }
    public boolean isPasskeyButton() { return passkeyButton; }
    public boolean isConditionalUi() { return conditionalUi; }
    public String getLoginHint() { return loginHint; }
    public String getUsername() { return username; }
    public boolean isRestartAllowed() { return restartAllowed; }
    public String getData() { return data; }
}
