package dev.passkeyfirst.keycloak.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class CredentialIdsTest {

    @Test
    void keycloaksStoredFormReadsBackWithOrWithoutLineBreaks() {
        byte[] raw = new byte[96];
        for (int i = 0; i < raw.length; i++) raw[i] = (byte) (i * 7);
        assertArrayEquals(raw, CredentialIds.readKeycloakForm(CredentialIds.keycloakForm(raw)).orElseThrow());
        // older Keycloak versions wrote the id as MIME Base64, a line break every 76 characters
        String mime = Base64.getMimeEncoder().encodeToString(raw);
        assertTrue(mime.contains("\r\n"));
        assertArrayEquals(raw, CredentialIds.readKeycloakForm(mime).orElseThrow());
        // both forms index under the same hash
        assertEquals(CredentialIds.hash(raw), CredentialIds.hash(CredentialIds.readKeycloakForm(mime).orElseThrow()));
    }

    @Test
    void noIdOrOneThatDoesNotDecodeReadsAsNone() {
        assertEquals(Optional.empty(), CredentialIds.readKeycloakForm(null));
        assertEquals(Optional.empty(), CredentialIds.readKeycloakForm(""));
        assertEquals(Optional.empty(), CredentialIds.readKeycloakForm("%%%not base64"));
    }
}
