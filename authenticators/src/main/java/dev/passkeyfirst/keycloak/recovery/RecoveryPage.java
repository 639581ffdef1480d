package dev.passkeyfirst.keycloak.recovery;

/** What {@code pkf-recovery.ftl} reads as {@code pkfRecovery}. */
public class RecoveryPage {

    private final String view;
    private final String identifier;
    private final boolean codeOffered;
    private final int linkMinutes;
    private final boolean signInLink;

    RecoveryPage(String view, String identifier, boolean codeOffered, int linkMinutes, boolean signInLink) {
        this.view = view;
        this.identifier = identifier;
        this.codeOffered = codeOffered;
        this.linkMinutes = linkMinutes;
        this.signInLink = signInLink;
    }

    public String getView() { return view; }
    public String getIdentifier() { return identifier == null ? "" : identifier; }
    public boolean isCodeOffered() { return codeOffered; }
    public int getLinkMinutes() { return linkMinutes; }
    /** True when this flow serves "Email me a sign-in link" rather than a recovery. */
    public boolean isSignInLink() { return signInLink; }
}
