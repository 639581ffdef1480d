package dev.passkeyfirst.keycloak.common;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.regex.Pattern;

import dev.passkeyfirst.keycloak.model.Sighting;
import dev.passkeyfirst.keycloak.vocabulary.ConfigKeys;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;

/**
 * Where a request came from, as the owner is shown it: the city and country from the admin's GeoIP
 * database (named once, in the add-device settings, for the whole realm), else the network alone
 * ("203.0.113.0/24", "2001:db8:1::/48"). Coarse on purpose: enough to recognise one's own sign-in.
 */
public final class Places {

    private static final Pattern ADDRESS_SHAPE = Pattern.compile("[0-9a-fA-F:.]{2,45}");

    private Places() {
    }

    /**
     * The place of {@code ip} in {@code language}; null only without an address. Looked up once per
     * request: the sign-in's record and its line of history ask for the same place.
     */
    public static String of(KeycloakSession session, RealmModel realm, String ip, String language) {
        if (ip == null || ip.isBlank()) return null;
        String key = "pkf.place:" + realm.getId() + ":" + ip + ":" + language;
        if (session.getAttribute(key) instanceof String known) return known;
        String place = entry(session, realm, ip).flatMap(e -> GeoIp.place(e, language)).orElseGet(() -> network(ip));
        if (place != null) session.setAttribute(key, place);
        return place;
    }

    /**
     * Where the request comes from, in the form "is this new to the account?" compares (see
     * {@code Sighting}): this browser's device cookie, the country code (only with a GeoIP database)
     * and the network. Looked up once per request.
     */
    public static Sighting here(KeycloakSession session, RealmModel realm, String ip) {
        String key = "pkf.here:" + realm.getId() + ":" + ip;
        if (session.getAttribute(key) instanceof Sighting known) return known;
        String country = ip == null ? null : entry(session, realm, ip).flatMap(GeoIp::countryCode).orElse(null);
        Sighting here = new Sighting(DeviceCookie.hash(session, realm), country, ip == null ? null : network(ip));
        session.setAttribute(key, here);
        return here;
    }

    /** The database's entry for the address, looked up once per request whatever is asked of it. */
    private static java.util.Optional<Map<?, ?>> entry(KeycloakSession session, RealmModel realm, String ip) {
        String key = "pkf.geoip:" + realm.getId() + ":" + ip;
        if (session.getAttribute(key) instanceof java.util.Optional<?> known) {
            @SuppressWarnings("unchecked")
            java.util.Optional<Map<?, ?>> entry = (java.util.Optional<Map<?, ?>>) known;
            return entry;
        }
        java.util.Optional<Map<?, ?>> entry = GeoIp.entry(geoIpDatabase(realm), ip);
        session.setAttribute(key, entry);
        return entry;
    }

    /** The admin's GeoIP database file, or null when none is named. */
    public static String geoIpDatabase(RealmModel realm) {
        RequiredActionConfigModel config = realm.getRequiredActionConfigByAlias(ProviderIds.ADD_DEVICE);
        Map<String, String> values = config == null ? null : config.getConfig();
        String path = values == null ? null : values.get(ConfigKeys.GEOIP_DATABASE);
        return path == null || path.isBlank() ? null : path.trim();
    }

    /** The /24 of an IPv4 address, the /48 of an IPv6 one; null for anything that is not a literal address. */
    public static String network(String ip) {
        if (!ADDRESS_SHAPE.matcher(ip).matches()) return null;
        try {
            // a literal address never triggers a DNS lookup
            byte[] a = InetAddress.getByName(ip).getAddress();
            if (a.length == 4) return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + ".0/24";
            return String.format("%x:%x:%x::/48", ((a[0] & 0xff) << 8) | (a[1] & 0xff), ((a[2] & 0xff) << 8) | (a[3] & 0xff),
                    ((a[4] & 0xff) << 8) | (a[5] & 0xff));
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
