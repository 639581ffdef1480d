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
import org.keycloak.models.credential.WebAuthnCredentialModel;

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

    /**
     * A decoy copies the shape of a real account's passkeys; when that account's passkey changes length,
     * the decoy's id must change altogether: a longer id with the old one as its prefix would mark it.
     */
    @Test
    void aModelsNewLengthGivesAnUnrelatedIdNotALongerOne() {
        byte[] seed = "seed of one username".getBytes(StandardCharsets.UTF_8);
        byte[] shortId = DecoyCredentials.shaped(seed, List.of(model(16))).get(0).id();
        byte[] longId = DecoyCredentials.shaped(seed, List.of(model(32))).get(0).id();
        assertEquals(16, shortId.length);
        assertEquals(32, longId.length);
        assertFalse(Arrays.equals(shortId, Arrays.copyOf(longId, 16)), "the 32-byte decoy starts with the 16-byte one");
        assertArrayEquals(shortId, DecoyCredentials.shaped(seed, List.of(model(16))).get(0).id(), "stable for the same shape");
    }

    private static StoredPasskey model(int idLength) {
        byte[] rawId = new byte[idLength];
        Arrays.fill(rawId, (byte) 7);
        WebAuthnCredentialModel m = WebAuthnCredentialModel.create(WebAuthnCredentialModel.TYPE_PASSWORDLESS, "model",
                "00000000-0000-0000-0000-000000000000", java.util.Base64.getEncoder().encodeToString(rawId), null, "", 0L, "none",
                Set.of("internal"));
        return new StoredPasskey(m, rawId);
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
