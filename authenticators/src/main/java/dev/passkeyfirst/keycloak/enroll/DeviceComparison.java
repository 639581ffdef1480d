package dev.passkeyfirst.keycloak.enroll;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The new device beside the one approving it, as the approval page shows them: browser, operating
 * system and network, with mismatches flagged. A user asked by a caller to "just approve" sees that
 * the other device is not theirs. "This" is device A, "other" the device being added.
 */
public final class DeviceComparison {

    private final String thisAgent;
    private final String thisIp;
    private final String otherAgent;
    private final String otherIp;
    private final Long otherOpenedAt;
    private final String thisPlace;
    private final String otherPlace;

    public DeviceComparison(String thisAgent, String thisIp, String otherAgent, String otherIp, Long otherOpenedAt) {
        this(thisAgent, thisIp, otherAgent, otherIp, otherOpenedAt, null, null);
    }

    /** With the approximate places of both networks, when the admin configured a GeoIP database. */
    public DeviceComparison(String thisAgent, String thisIp, String otherAgent, String otherIp, Long otherOpenedAt,
                            String thisPlace, String otherPlace) {
        this.thisAgent = thisAgent;
        this.thisIp = thisIp;
        this.otherAgent = otherAgent;
        this.otherIp = otherIp;
        this.otherOpenedAt = otherOpenedAt;
        this.thisPlace = thisPlace;
        this.otherPlace = otherPlace;
    }

    public String getThisBrowser() { return nz(part(thisAgent, 0)); }
    public String getThisOs() { return nz(part(thisAgent, 1)); }
    public String getOtherBrowser() { return nz(part(otherAgent, 0)); }
    public String getOtherOs() { return nz(part(otherAgent, 1)); }
    public String getThisIp() { return nz(thisIp); }
    public String getOtherIp() { return nz(otherIp); }
    /** Epoch millis, for the page to show in the user's own time zone; 0 when unknown. */
    public long getOtherOpenedAt() { return otherOpenedAt == null ? 0 : otherOpenedAt; }

    /** Whether a place row is shown at all: only with a GeoIP database that knew one of the two addresses. */
    public boolean isPlaceKnown() { return thisPlace != null || otherPlace != null; }
    public String getThisPlace() { return nz(thisPlace); }
    public String getOtherPlace() { return nz(otherPlace); }
    public boolean isPlaceDiffers() { return isPlaceKnown() && differs(thisPlace, otherPlace); }

    public boolean isBrowserDiffers() { return differs(part(thisAgent, 0), part(otherAgent, 0)); }
    public boolean isOsDiffers() { return differs(part(thisAgent, 1), part(otherAgent, 1)); }

    /** Same network: the same /24 (IPv4) or /48 (IPv6); unknown addresses count as different. */
    public boolean isNetworkDiffers() {
        byte[] a = address(thisIp);
        byte[] b = address(otherIp);
        if (a == null || b == null || a.length != b.length) return true;
        int prefix = a.length == 4 ? 3 : 6;
        return !Arrays.equals(Arrays.copyOf(a, prefix), Arrays.copyOf(b, prefix));
    }

    public boolean isAnyDifference() {
        return isBrowserDiffers() || isOsDiffers() || isNetworkDiffers() || isPlaceDiffers();
    }

    private static String part(String summary, int index) {
        if (summary == null) return null;
        String[] p = summary.split(" on ", 2);
        if (p.length == 2) return p[index];
        return index == 0 ? summary : null;
    }

    private static boolean differs(String a, String b) {
        return a == null || b == null || !a.equals(b);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static byte[] address(String ip) {
        // only literal addresses: never a DNS lookup from a stored value
        if (ip == null || ip.isBlank() || !ip.matches("[0-9a-fA-F:.]+")) return null;
        try {
            return InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
