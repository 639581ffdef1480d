package dev.passkeyfirst.keycloak.webauthn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class DecoyCredentialsTest {

    private static final byte[] SECRET = "realm secret of at least some length".getBytes(StandardCharsets.UTF_8);

    @Test
    void sameUsernameSameDecoysAcrossVisitsAndSpellings() {
        List<DecoyCredentials.Decoy> a = DecoyCredentials.derive(SECRET, "nobody@example.org");
        List<DecoyCredentials.Decoy> b = DecoyCredentials.derive(SECRET, "  NoBody@Example.org ");
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).id(), b.get(i).id());
            assertEquals(a.get(i).transports(), b.get(i).transports());
        }
    }

    @Test
    void otherUsernamesOrSecretsGiveOtherDecoys() {
        byte[] first = DecoyCredentials.derive(SECRET, "alice").get(0).id();
        assertFalse(Arrays.equals(first, DecoyCredentials.derive(SECRET, "alicf").get(0).id()));
        assertFalse(Arrays.equals(first, DecoyCredentials.derive("another secret".getBytes(StandardCharsets.UTF_8), "alice").get(0).id()));
    }

    @Test
    void decoysLookLikeRealCredentials() {
        Set<Integer> lengths = new HashSet<>();
        Set<Integer> counts = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            List<DecoyCredentials.Decoy> d = DecoyCredentials.derive(SECRET, "user" + i);
            counts.add(d.size());
            for (DecoyCredentials.Decoy decoy : d) {
                lengths.add(decoy.id().length);
                assertFalse(decoy.transports().isEmpty());
            }
        }
        assertEquals(Set.of(1, 2), counts, "one or two, like real accounts");
        assertTrue(lengths.containsAll(Set.of(16, 32, 64)), "lengths real authenticators use: " + lengths);
    }
}
