package dev.passkeyfirst.keycloak.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void idsCarry128RandomBits() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) ids.add(Secrets.id());
        assertEquals(1000, ids.size());
        ids.forEach(id -> assertTrue(Secrets.isId(id), id));
        assertFalse(Secrets.isId("../../x"));
        assertFalse(Secrets.isId(null));
    }

    @Test
    void fingerprintsNameASecretWithoutGivingItAway() {
        String id = Secrets.id();
        assertEquals(Secrets.fingerprint(id), Secrets.fingerprint(id));
        assertNotEquals(Secrets.fingerprint(id), Secrets.fingerprint(Secrets.id()));
        assertFalse(Secrets.fingerprint(id).contains(id.substring(0, 8)));
        assertEquals(12, Secrets.fingerprint(id).length());
    }

    @Test
    void digitsAreDigits() {
        for (int i = 0; i < 100; i++) assertTrue(Secrets.digits(6).matches("\\d{6}"));
        assertTrue(Secrets.equal("a", "a"));
        assertFalse(Secrets.equal("a", null));
    }
}
