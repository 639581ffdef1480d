package dev.passkeyfirst.keycloak.register;

/** What {@code pkf-create-passkey.ftl} reads as {@code pkfCreate}. */
public class CreatePasskeyPage {

    private final String suggestedName;
    private final boolean deviceBoundOnly;
    private final boolean appInitiated;
    private final String data;

    CreatePasskeyPage(String suggestedName, boolean deviceBoundOnly, boolean appInitiated, String data) {
        this.suggestedName = suggestedName;
        this.deviceBoundOnly = deviceBoundOnly;
        this.appInitiated = appInitiated;
        this.data = data;
    }

    public String getSuggestedName() { return suggestedName; }
    public boolean isDeviceBoundOnly() { return deviceBoundOnly; }
    public boolean isAppInitiated() { return appInitiated; }
    public String getData() { return data; }
}
