package dev.passkeyfirst.keycloak.account;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import dev.passkeyfirst.keycloak.events.PkfEvent;
import dev.passkeyfirst.keycloak.model.Activity;
import dev.passkeyfirst.keycloak.model.Enrollment;
import dev.passkeyfirst.keycloak.model.Sighting;

/**
 * "Is this browser, or this place, new to the account?", decided from the account's own history
 * (the sign-in notices and the new-place proof share it). Pure decisions over lines already read.
 */
public final class Sightings {

    /** How a place is compared: by country (needs a GeoIP database; the network stands in without one) or by network. */
    public enum PlaceBy {
        COUNTRY, NETWORK;

        public static PlaceBy parse(String value, PlaceBy otherwise) {
            if (value != null) {
                for (PlaceBy p : values()) {
                    if (p.name().equalsIgnoreCase(value.trim())) return p;
                }
            }
            return otherwise;
        }

        /** The key of {@code where} in this comparison; null when it has none. */
        String key(Sighting where) {
            return this == COUNTRY ? where.country() : where.network();
        }
    }

    /** Lines that stand for the owner being there: sign-ins and passkeys made there, not recoveries. */
    private static final Set<PkfEvent> OWNER_PRESENT = EnumSet.of(PkfEvent.PASSKEY_SIGN_IN, PkfEvent.PASSWORD_SIGN_IN,
            PkfEvent.SIGN_IN_LINK_USED, PkfEvent.PASSKEY_ADDED, PkfEvent.UPGRADE_CREATED);

    private Sightings() {
    }

    /** Whether the account has any history to compare with: without one nothing is "new", only unknown. */
    public static boolean anyHistory(List<Activity.Seen> history) {
        return history.stream().anyMatch(Sightings::ownerPresent);
    }

    /** A browser that left no line of the owner's in the history; false when the request carries no device. */
    public static boolean newDevice(List<Activity.Seen> history, Sighting here) {
        if (here.device() == null) return false;
        // lines from before the device cookie existed say nothing about browsers
        if (history.stream().filter(Sightings::ownerPresent).allMatch(s -> s.where().device() == null)) return false;
        return history.stream().filter(Sightings::ownerPresent).noneMatch(s -> here.device().equals(s.where().device()));
    }

    /** A place (as {@code by} compares) where the owner left no line in the history; false when the request has no place. */
    public static boolean newPlace(List<Activity.Seen> history, Sighting here, PlaceBy by) {
        return newIn(history, here, by, Sightings::ownerPresent);
    }

    /**
     * A place where no passkey proved the owner present: the new-place proof trusts passkey sign-ins
     * that reached level 2 and passkeys created there, never a fallback sign-in or a recovery, nor a
     * passkey that a password or link session made (the automatic upgrade, the nudge): whoever knows
     * the password could make one where they are and vouch for that place with it.
     */
    public static boolean newPlaceForPasskeys(List<Activity.Seen> history, Sighting here, PlaceBy by) {
        Set<String> withoutPasskey = history.stream().filter(s -> {
            PkfEvent kind = PkfEvent.byAction(s.kind());
            return kind == PkfEvent.PASSWORD_SIGN_IN || kind == PkfEvent.SIGN_IN_LINK_USED;
        }).map(Activity.Seen::sessionId).filter(Objects::nonNull).collect(java.util.stream.Collectors.toSet());
        return newIn(history, here, by, s -> {
            PkfEvent kind = PkfEvent.byAction(s.kind());
            if (kind == PkfEvent.PASSKEY_SIGN_IN) return true;
            return kind == PkfEvent.PASSKEY_ADDED && Enrollment.parse(s.method()) != Enrollment.RECOVERY
                    && Enrollment.parse(s.method()) != Enrollment.AUTOMATIC_UPGRADE
                    && (s.sessionId() == null || !withoutPasskey.contains(s.sessionId()));
        });
    }

    private static boolean newIn(List<Activity.Seen> history, Sighting here, PlaceBy by, java.util.function.Predicate<Activity.Seen> counts) {
        // countries compare only where both sides know theirs (lines from before the admin named a
        // GeoIP database know only networks): the network stands in, rather than everything looking new
        PlaceBy effective = by == PlaceBy.COUNTRY && here.country() != null
                && history.stream().filter(counts).anyMatch(s -> s.where().country() != null) ? PlaceBy.COUNTRY : PlaceBy.NETWORK;
        String key = effective.key(here);
        if (key == null) return false;
        Function<Activity.Seen, String> keyOf = s -> effective.key(s.where());
        return history.stream().filter(counts).map(keyOf).filter(Objects::nonNull).noneMatch(key::equals);
    }

    private static boolean ownerPresent(Activity.Seen s) {
        PkfEvent kind = PkfEvent.byAction(s.kind());
        if (kind == null || !OWNER_PRESENT.contains(kind)) return false;
        return kind != PkfEvent.PASSKEY_ADDED || Enrollment.parse(s.method()) != Enrollment.RECOVERY;
    }
}
