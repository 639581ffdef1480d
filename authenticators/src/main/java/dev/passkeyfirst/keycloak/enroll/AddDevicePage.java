package dev.passkeyfirst.keycloak.enroll;

/** What {@code pkf-add-device.ftl} reads as {@code pkfAdd}: one of the views of device A's page. */
record AddDevicePage(String view, String link, String qrSvg, long expiresAt, boolean emailOffered, DeviceComparison comparison,
                     String data, String ending, String reason, boolean noPasskey) {

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
}
