package dev.passkeyfirst.keycloak.enroll;

/**
 * What {@code pkf-pair-device.ftl} reads as {@code pkfPair}: one of the views of device B's page.
 *
 * @param code the code to type on device A, as "123 456" (easier to read out and type)
 */
record PairDevicePage(String view, String suggestedName, boolean deviceBoundOnly, long expiresAt, String data, String code,
                      String ending, String reason) {

    static PairDevicePage create(String suggestedName, boolean deviceBoundOnly, long expiresAt, String data) {
        return new PairDevicePage("create", suggestedName, deviceBoundOnly, expiresAt, data, null, null, null);
    }

    static PairDevicePage code(String code, long expiresAt) {
        // the code lives in the tab that created the passkey; a second tab cannot show it
        if (code == null || code.length() != 6) return new PairDevicePage("elsewhere", null, false, expiresAt, null, null, null, null);
        return new PairDevicePage("code", null, false, expiresAt, null, code.substring(0, 3) + " " + code.substring(3), null, null);
    }

    static PairDevicePage ended(String ending, String reason) {
        return new PairDevicePage("ended", null, false, 0, null, null, ending, reason);
    }
}
