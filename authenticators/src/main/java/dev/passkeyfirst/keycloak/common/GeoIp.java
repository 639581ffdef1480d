package dev.passkeyfirst.keycloak.common;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.maxmind.db.NoCache;
import com.maxmind.db.Reader;
import org.jboss.logging.Logger;

/**
 * The approximate place of a network address, from a database in MaxMind's format that the admin
 * downloads and names in the add-device settings (used for every place we show or store) (GeoLite2 City or Country, DB-IP City Lite and the
 * like, which share the "city / country / names" layout). Without one, nothing is looked up.
 *
 * The file is opened for each lookup, memory-mapped: the approval page is rare, and nothing about
 * networks or users is kept in this JVM between requests.
 */
public final class GeoIp {

    private static final Logger LOG = Logger.getLogger(GeoIp.class);

    private GeoIp() {
    }

    /** "Berlin, Germany", "Germany", or empty when there is no database, no literal address or no entry. */
    public static Optional<String> place(String databasePath, String ip, String language) {
        return entry(databasePath, ip).flatMap(entry -> place(entry, language));
    }

    /** The place an entry of the database names, in {@code language} where it has that name. */
    public static Optional<String> place(Map<?, ?> entry, String language) {
        String city = name(entry.get("city"), language);
        String country = name(entry.get("country"), language);
        if (city == null && country == null) return Optional.empty();
        return Optional.of(city == null ? country : country == null ? city : city + ", " + country);
    }

    /** The ISO 3166 code of an entry's country ("DE"), if it has one. */
    public static Optional<String> countryCode(Map<?, ?> entry) {
        return Optional.ofNullable(entry.get("country") instanceof Map<?, ?> c && c.get("iso_code") instanceof String code
                && code.matches("[A-Z]{2}") ? code : null);
    }

    /** The database's entry for a literal address; empty without a database, an address or an entry. */
    public static Optional<Map<?, ?>> entry(String databasePath, String ip) {
        if (databasePath == null || databasePath.isBlank() || ip == null || !ip.matches("[0-9a-fA-F:.]{2,45}")) return Optional.empty();
        File file = new File(databasePath.trim());
        if (!file.isFile()) {
            LOG.warnf("GeoIP database %s is not a readable file; places are not shown", databasePath);
            return Optional.empty();
        }
        try (Reader reader = new Reader(file, Reader.FileMode.MEMORY_MAPPED, NoCache.getInstance())) {
            // a literal address never triggers a DNS lookup
            return Optional.ofNullable(reader.get(InetAddress.getByName(ip), Map.class));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("GeoIP lookup in %s failed: %s", databasePath, e.toString());
            return Optional.empty();
        }
    }

    private static String name(Object part, String language) {
        if (!(part instanceof Map<?, ?> m) || !(m.get("names") instanceof Map<?, ?> names)) return null;
        for (String l : List.of(language == null ? "en" : language, "en")) {
            if (names.get(l) instanceof String s && !s.isBlank()) return s;
        }
        return null;
    }
}
