package dev.passkeyfirst.keycloak.enroll;

/** What {@code pkf-add-device.ftl} reads as {@code pkfAdd}: one of the views of device A's page. */
public class AddDevicePage {

    private final String view;
    private final String link;
    private final String qrSvg;
    private final long expiresAt;
    private final boolean emailOffered;
    private final DeviceComparison comparison;
    private final String data;
    private final String ending;
    private final String reason;
    private final boolean noPasskey;

    private AddDevicePage(String view, String link, String qrSvg, long expiresAt, boolean emailOffered,
                          DeviceComparison comparison, String data, String ending, String reason, boolean noPasskey) {
        this.view = view;
        this.link = link;
        this.qrSvg = qrSvg;
        this.expiresAt = expiresAt;
        this.emailOffered = emailOffered;
        this.comparison = comparison;
        this.data = data;
        this.ending = ending;
        this.reason = reason;
        this.noPasskey = noPasskey;
    }

    static AddDevicePage waiting(String link, String qrSvg, long expiresAt, boolean emailOffered) {
        return new AddDevicePage("waiting", link, qrSvg, expiresAt, emailOffered, null, null, null, null, false);
    }

    static AddDevicePage opened(DeviceComparison c, long expiresAt) {
        return new AddDevicePage("opened", null, null, expiresAt, false, c, null, null, null, false);
    }

    static AddDevicePage askCode(DeviceComparison c, long expiresAt) {
        return new AddDevicePage("code", null, null, expiresAt, false, c, null, null, null, false);
    }

    static AddDevicePage approve(DeviceComparison c, long expiresAt, String data) {
        return new AddDevicePage("approve", null, null, expiresAt, false, c, data, null, null, false);
    }

    static AddDevicePage ended(String ending, String reason) {
        return new AddDevicePage("ended", null, null, 0, false, null, null, ending, reason, false);
    }

    static AddDevicePage refused(boolean noPasskey) {
        return new AddDevicePage("refused", null, null, 0, false, null, null, null, null, noPasskey);
    }

    public String getView() { return view; }
    public String getLink() { return link; }
    public String getQrSvg() { return qrSvg; }
    public long getExpiresAt() { return expiresAt; }
    public boolean isEmailOffered() { return emailOffered; }
    public DeviceComparison getComparison() { return comparison; }
    public String getData() { return data; }
    public String getEnding() { return ending; }
    public String getReason() { return reason; }
    public boolean isNoPasskey() { return noPasskey; }
}
