package dev.passkeyfirst.keycloak.vocabulary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StateCodecTest {

    enum Colour { RED, GREEN }

    private record Inner(String name, Long at) {
    }

    private record Outer(String id, long n, boolean flag, Colour colour, Inner inner, Inner absent, Integer maybe) {
    }

    @Test
    void aRecordSurvivesTheTripThroughTheStore() {
        Outer o = new Outer("x", 42, true, Colour.GREEN, new Inner("in", 7L), null, null);
        Map<String, String> written = StateCodec.write(o);
        assertEquals(Map.of("id", "x", "n", "42", "flag", "true", "colour", "GREEN", "inner.name", "in", "inner.at", "7"), written);
        assertEquals(o, StateCodec.read(written, Outer.class).orElseThrow());
    }

    @Test
    void whatCannotBeReadIsAbsentNeverAnException() {
        Map<String, String> forged = new HashMap<>(StateCodec.write(new Outer("x", 1, false, Colour.RED, null, null, null)));
        forged.put("colour", "PURPLE");
        assertFalse(StateCodec.read(forged, Outer.class).isPresent());
        forged.put("colour", "RED");
        forged.put("n", "not a number");
        assertFalse(StateCodec.read(forged, Outer.class).isPresent());
        assertFalse(StateCodec.read(null, Outer.class).isPresent());
    }

    @Test
    void missingValuesReadAsNullOrZero() {
        Outer o = StateCodec.read(Map.of("id", "y"), Outer.class).orElseThrow();
        assertEquals(0, o.n());
        assertNull(o.inner());
        assertNull(o.maybe());
        assertTrue(StateCodec.write(o).containsKey("n"));
    }
}
