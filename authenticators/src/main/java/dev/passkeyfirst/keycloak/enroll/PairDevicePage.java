package dev.passkeyfirst.keycloak.enroll;

/** What {@code pkf-pair-device.ftl} reads as {@code pkfPair}: one of the views of device B's page. */
public class PairDevicePage {

    private final String view;
    private final String suggestedName;
    private final boolean deviceBoundOnly;
    private final long expiresAt;
    private final String data;
    private final String code;
    private final String ending;
    private final String reason;

    private PairDevicePage(String view, String suggestedName, boolean deviceBoundOnly, long expiresAt, String data,
                           String code, String ending, String reason) {
        this.view = view;
        this.suggestedName = suggestedName;
        this.deviceBoundOnly = deviceBoundOnly;
        this.expiresAt = expiresAt;
        this.data = data;
        this.code = code;
        this.ending = ending;
        this.reason = reason;
    }

    static PairDevicePage create(String suggestedName, boolean deviceBoundOnly, long expiresAt, String data) {
        return new PairDevicePage("create", suggestedName, deviceBoundOnly, expiresAt, data, null, null, null);
    }

    static PairDevicePage code(String code, long expiresAt) {
        // the code lives in the tab that created the passkey; a second tab cannot show it
        if (code == null || code.length() != 6) return new PairDevicePage("elsewhere", null, false, expiresAt, null, null, null, null);
        return new PairDevicePage("code", null, false, expiresAt, null, code, null, null);
    }

    static PairDevicePage ended(String ending, String reason) {
        return new PairDevicePage("ended", null, false, 0, null, null, ending, reason);
    }

    public String getView() { return view; }
    public String getSuggestedName() { return suggestedName; }
    public boolean isDeviceBoundOnly() { return deviceBoundOnly; }
    public long getExpiresAt() { return expiresAt; }
    public String getData() { return data; }
    /** "123 456": easier to read out and type. */
    public String getCode() { return code == null ? null : code.substring(0, 3) + " " + code.substring(3); }
    public String getEnding() { return ending; }
    public String getReason() { return reason; }
}
