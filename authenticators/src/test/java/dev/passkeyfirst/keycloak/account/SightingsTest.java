package dev.passkeyfirst.keycloak.account;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import dev.passkeyfirst.keycloak.model.Activity;
import dev.passkeyfirst.keycloak.model.Sighting;
import org.junit.jupiter.api.Test;

/** The "new to the account" decisions behind sign-in notices and the new-place proof. */
class SightingsTest {

    private static Activity.Seen line(String kind, String method, String device, String country, String network) {
        return new Activity.Seen(1L, kind, method, null, new Sighting(device, country, network), null);
    }

    private static final Sighting HOME = new Sighting("d-home", "DE", "192.0.2.0/24");

    @Test
    void withoutHistoryNothingIsNewOnlyUnknown() {
        assertFalse(Sightings.anyHistory(List.of()));
        // a recovery alone is not the owner being somewhere
        assertFalse(Sightings.anyHistory(List.of(line("passkey_added", "RECOVERY", "d1", "DE", "n"))));
        assertTrue(Sightings.anyHistory(List.of(line("passkey_sign_in", "passkey_synced", "d1", "DE", "n"))));
    }

    @Test
    void aBrowserIsNewWhenNoLineOfTheOwnersCameFromIt() {
        List<Activity.Seen> history = List.of(line("passkey_added", "SIGN_UP", "d-home", "DE", "192.0.2.0/24"));
        assertFalse(Sightings.newDevice(history, HOME));
        assertTrue(Sightings.newDevice(history, new Sighting("d-other", "DE", "192.0.2.0/24")));
        assertFalse(Sightings.newDevice(history, new Sighting(null, "DE", "192.0.2.0/24")), "no cookie, no claim");
        // lines from before the cookie existed say nothing about browsers
        assertFalse(Sightings.newDevice(List.of(line("passkey_sign_in", null, null, "DE", "n")), HOME));
        // the recovery's browser is not the owner's
        assertTrue(Sightings.newDevice(List.of(line("passkey_sign_in", null, "d1", null, null),
                line("passkey_added", "RECOVERY", "d-home", null, null)), HOME));
    }

    @Test
    void placesCompareByCountryWhereBothSidesKnowItElseByNetwork() {
        List<Activity.Seen> history = List.of(line("passkey_sign_in", null, "d", "DE", "192.0.2.0/24"));
        assertFalse(Sightings.newPlace(history, new Sighting("d", "DE", "198.51.100.0/24"), Sightings.PlaceBy.COUNTRY), "same country");
        assertTrue(Sightings.newPlace(history, new Sighting("d", "FR", "192.0.2.0/24"), Sightings.PlaceBy.COUNTRY));
        assertTrue(Sightings.newPlace(history, new Sighting("d", "DE", "198.51.100.0/24"), Sightings.PlaceBy.NETWORK));
        // the history from before the GeoIP database knows no countries: networks stand in, not "everything is new"
        List<Activity.Seen> old = List.of(line("passkey_sign_in", null, "d", null, "192.0.2.0/24"));
        assertFalse(Sightings.newPlace(old, new Sighting("d", "DE", "192.0.2.0/24"), Sightings.PlaceBy.COUNTRY));
        assertTrue(Sightings.newPlace(old, new Sighting("d", "DE", "198.51.100.0/24"), Sightings.PlaceBy.COUNTRY));
        assertFalse(Sightings.newPlace(history, Sighting.NOWHERE, Sightings.PlaceBy.COUNTRY), "no address, no claim");
    }

    @Test
    void theNewPlaceProofTrustsOnlyPasskeys() {
        Sighting far = new Sighting("d", "FR", "203.0.113.0/24");
        // an email link or a password from there proves nothing about passkeys there
        assertTrue(Sightings.newPlaceForPasskeys(List.of(line("sign_in_link_used", null, "d", "FR", "203.0.113.0/24"),
                line("password_sign_in", null, "d", "FR", "203.0.113.0/24")), far, Sightings.PlaceBy.COUNTRY));
        assertTrue(Sightings.newPlaceForPasskeys(List.of(line("passkey_added", "RECOVERY", "d", "FR", "203.0.113.0/24")), far,
                Sightings.PlaceBy.COUNTRY), "a recovery's place is not the account's");
        assertFalse(Sightings.newPlaceForPasskeys(List.of(line("passkey_sign_in", null, "d", "FR", "203.0.113.0/24")), far,
                Sightings.PlaceBy.COUNTRY));
        assertFalse(Sightings.newPlaceForPasskeys(List.of(line("passkey_added", "SIGN_UP", "d", "FR", "203.0.113.0/24")), far,
                Sightings.PlaceBy.COUNTRY), "where the passkey was made");
        assertTrue(Sightings.newPlaceForPasskeys(List.of(), far, Sightings.PlaceBy.NETWORK), "a dormant account's every place is new");
    }

    /** A passkey made in a password (or link) session is the password's word, not a passkey's. */
    @Test
    void aPasskeyMadeInAPasswordSessionVouchesForNoPlace() {
        Sighting far = new Sighting("d", "FR", "203.0.113.0/24");
        Sighting there = new Sighting("d", "FR", "203.0.113.0/24");
        Activity.Seen password = new Activity.Seen(1L, "password_sign_in", null, null, there, "s1");
        Activity.Seen madeThen = new Activity.Seen(2L, "passkey_added", "THIS_DEVICE", "c1", there, "s1");
        assertTrue(Sightings.newPlaceForPasskeys(List.of(password, madeThen), far, Sightings.PlaceBy.NETWORK), "the nudge after a password");
        Activity.Seen upgrade = new Activity.Seen(2L, "passkey_added", "AUTOMATIC_UPGRADE", "c1", there, null);
        assertTrue(Sightings.newPlaceForPasskeys(List.of(upgrade, new Activity.Seen(2L, "upgrade_created", null, "c1", there, null)), far,
                Sightings.PlaceBy.NETWORK), "the automatic upgrade");
        Activity.Seen madeInAnotherSession = new Activity.Seen(3L, "passkey_added", "THIS_DEVICE", "c2", there, "s2");
        assertFalse(Sightings.newPlaceForPasskeys(List.of(password, madeInAnotherSession), far, Sightings.PlaceBy.NETWORK),
                "a passkey made in a session that signed in otherwise");
    }
}
