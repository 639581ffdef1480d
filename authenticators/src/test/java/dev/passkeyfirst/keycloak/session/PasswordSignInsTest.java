package dev.passkeyfirst.keycloak.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

class PasswordSignInsTest {

    @Test
    void onlyKnownCapabilitiesAreKept() {
        assertEquals(Set.of("create", "conditionalCreate"), PasswordSignIns.parse("create conditionalCreate"));
        assertEquals(Set.of("create"), PasswordSignIns.parse("create,admin  conditionalCreate-ish <script>"));
        assertEquals(Set.of(), PasswordSignIns.parse(""));
    }

    @Test
    void anEmptyReportMeansTheBrowserCanCreateNothingAndNoReportMeansUnknown() {
        PasswordSignIns.PasswordSignIn nothing = new PasswordSignIns.PasswordSignIn(10, Set.of());
        assertTrue(nothing.reported());
        assertFalse(nothing.canCreate() || nothing.conditionalCreate());
        PasswordSignIns.PasswordSignIn unknown = new PasswordSignIns.PasswordSignIn(0, null);
        assertFalse(unknown.reported());
        assertFalse(unknown.within(Long.MAX_VALUE), "a sign-in of unknown time is never fresh");
    }
}
