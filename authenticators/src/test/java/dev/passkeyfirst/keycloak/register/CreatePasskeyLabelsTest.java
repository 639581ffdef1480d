package dev.passkeyfirst.keycloak.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;

import dev.passkeyfirst.keycloak.webauthn.BadInputException;
import org.junit.jupiter.api.Test;

class CreatePasskeyLabelsTest {

    @Test
    void defaultNameJoinsProviderAndBrowser() {
        assertEquals("iCloud Keychain, Safari on macOS", CreatePasskeyAction.defaultLabel("iCloud Keychain", "Safari on macOS"));
        assertEquals("Chrome on Linux", CreatePasskeyAction.defaultLabel(null, "Chrome on Linux"));
        assertEquals("YubiKey 5", CreatePasskeyAction.defaultLabel("YubiKey 5", null));
        assertEquals("Passkey", CreatePasskeyAction.defaultLabel(null, null));
    }

    @Test
    void labelsArePrintableTrimmedAndShort() {
        assertEquals("Work laptop", CreatePasskeyAction.cleanLabel("  Work\u0000 \n laptop\u200b "));
        assertNull(CreatePasskeyAction.cleanLabel(" \t\u0007 "));
        assertEquals(64, CreatePasskeyAction.cleanLabel("x".repeat(500)).length());
        assertEquals("Schlüssel 🔑", CreatePasskeyAction.cleanLabel("Schlüssel 🔑"));
    }

    @Test
    void transportsKeepOnlyWhatWebAuthnDefines() throws BadInputException {
        assertEquals(Set.of("usb", "nfc"), AttestationFacts.transports(" usb, nfc ,"));
        assertEquals(Set.of(), AttestationFacts.transports(null));
        assertThrows(BadInputException.class, () -> AttestationFacts.transports("usb,carrier-pigeon"));
    }
}
