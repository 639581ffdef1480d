package dev.passkeyfirst.keycloak.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Without a GeoIP database a place is the network, never the whole address. */
class PlacesTest {

    @Test
    void anAddressBecomesItsNetwork() {
        assertEquals("203.0.113.0/24", Places.network("203.0.113.77"));
        assertEquals("2001:db8:1::/48", Places.network("2001:db8:1:2:3:4:5:6"));
        assertEquals("2001:db8:0::/48", Places.network("2001:db8::1"));
    }

    @Test
    void anythingElseIsNoPlace() {
        assertNull(Places.network("example.org"));
        assertNull(Places.network("10.0.0.1; DROP TABLE"));
    }
}
