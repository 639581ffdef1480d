package dev.passkeyfirst.keycloak.register;

/** What {@code pkf-create-passkey.ftl} reads as {@code pkfCreate}. */
public class CreatePasskeyPage {

    private final String suggestedName;
    private final boolean deviceBoundOnly;
    private final boolean appInitiated;
    private final boolean allowed;
    private final boolean anotherDevice;
    private final boolean managePasskeys;
    private final boolean offer;
    private final String data;

    CreatePasskeyPage(String suggestedName, boolean deviceBoundOnly, boolean appInitiated, boolean allowed,
                      boolean anotherDevice, boolean managePasskeys, boolean offer, String data) {
        this.suggestedName = suggestedName;
        this.deviceBoundOnly = deviceBoundOnly;
        this.appInitiated = appInitiated;
        this.allowed = allowed;
        this.anotherDevice = anotherDevice;
        this.managePasskeys = managePasskeys;
        this.offer = offer;
        this.data = data;
    }

    public String getSuggestedName() { return suggestedName; }
    public boolean isDeviceBoundOnly() { return deviceBoundOnly; }
    public boolean isAppInitiated() { return appInitiated; }
    /** False when this session may not add a passkey (DESIGN §5): the page explains instead of offering it. */
    public boolean isAllowed() { return allowed; }
    /** Offer "add another device" instead (the account already has a passkey somewhere). */
    public boolean isAnotherDevice() { return anotherDevice; }
    /** Offer "your passkeys" (list, rename, remove): the only way there from the stock account console. */
    public boolean isManagePasskeys() { return managePasskeys; }
    /** Shown as an offer after a sign-in with a phone's passkey: say so, and let the user decline. */
    public boolean isOffer() { return offer; }
    public String getData() { return data; }
}
