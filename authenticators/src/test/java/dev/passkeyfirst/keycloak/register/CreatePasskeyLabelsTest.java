package dev.passkeyfirst.keycloak.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;

import dev.passkeyfirst.keycloak.webauthn.AuthenticatorNames;
import dev.passkeyfirst.keycloak.webauthn.BadInputException;
import dev.passkeyfirst.keycloak.webauthn.RegistrationResponse;
import org.junit.jupiter.api.Test;

class CreatePasskeyLabelsTest {

    @Test
    void defaultNameJoinsProviderAndBrowser() {
        assertEquals("iCloud Keychain, Safari on macOS", AuthenticatorNames.defaultLabel("iCloud Keychain", "Safari on macOS"));
        assertEquals("Chrome on Linux", AuthenticatorNames.defaultLabel(null, "Chrome on Linux"));
        assertEquals("YubiKey 5", AuthenticatorNames.defaultLabel("YubiKey 5", null));
        assertEquals("Passkey", AuthenticatorNames.defaultLabel(null, null));
    }

    @Test
    void labelsArePrintableTrimmedAndShort() {
        assertEquals("Work laptop", RegistrationResponse.cleanLabel("  Work\u0000 \n laptop\u200b "));
        assertNull(RegistrationResponse.cleanLabel(" \t\u0007 "));
        assertEquals(64, RegistrationResponse.cleanLabel("x".repeat(500)).length());
        assertEquals("Schlüssel 🔑", RegistrationResponse.cleanLabel("Schlüssel 🔑"));
    }

    @Test
    void transportsKeepOnlyWhatWebAuthnDefines() throws BadInputException {
        assertEquals(Set.of("usb", "nfc"), RegistrationResponse.transports(" usb, nfc ,"));
        assertEquals(Set.of(), RegistrationResponse.transports(null));
        assertThrows(BadInputException.class, () -> RegistrationResponse.transports("usb,carrier-pigeon"));
    }
}
