package dev.passkeyfirst.keycloak.webauthn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.junit.jupiter.api.Test;

class AssertionResponseTest {

    private static String b64(int length) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[length]);
    }

    private static MultivaluedMap<String, String> valid() {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.putSingle("credentialId", b64(16));
        form.putSingle("clientDataJSON", b64(120));
        form.putSingle("authenticatorData", b64(37));
        form.putSingle("signature", b64(70));
        form.putSingle("userHandle", b64(36));
        return form;
    }

    @Test
    void aWellFormedResponseParses() throws BadInputException {
        AssertionResponse r = AssertionResponse.parse(valid());
        assertEquals(16, r.credentialId().length);
        assertArrayEquals(new byte[36], r.userHandle());
        assertNull(r.authenticatorAttachment());
    }

    @Test
    void everyFieldIsBounded() {
        for (String field : List.of("credentialId", "clientDataJSON", "authenticatorData", "signature", "userHandle")) {
            MultivaluedMap<String, String> tooLong = valid();
            tooLong.putSingle(field, b64(5000));
            assertThrows(BadInputException.class, () -> AssertionResponse.parse(tooLong), field);
            MultivaluedMap<String, String> notB64 = valid();
            notB64.putSingle(field, "a+b/c");
            assertThrows(BadInputException.class, () -> AssertionResponse.parse(notB64), field);
            MultivaluedMap<String, String> repeated = valid();
            repeated.add(field, b64(16));
            assertThrows(BadInputException.class, () -> AssertionResponse.parse(repeated), field);
        }
    }

    @Test
    void requiredFieldsMustBeThereAndAuthenticatorDataMustHoldItsHeader() {
        MultivaluedMap<String, String> missing = valid();
        missing.remove("signature");
        assertThrows(BadInputException.class, () -> AssertionResponse.parse(missing));
        MultivaluedMap<String, String> shortData = valid();
        shortData.putSingle("authenticatorData", b64(36));
        assertThrows(BadInputException.class, () -> AssertionResponse.parse(shortData));
        MultivaluedMap<String, String> noHandle = valid();
        noHandle.remove("userHandle");
        assertTrue(assertDoesNotThrow(noHandle).userHandle() == null);
    }

    @Test
    void attachmentIsOneOfTwoWords() {
        MultivaluedMap<String, String> form = valid();
        form.putSingle("authenticatorAttachment", "cross-platform");
        assertEquals("cross-platform", assertDoesNotThrow(form).authenticatorAttachment());
        form.putSingle("authenticatorAttachment", "toaster");
        assertThrows(BadInputException.class, () -> AssertionResponse.parse(form));
    }

    private static AssertionResponse assertDoesNotThrow(MultivaluedMap<String, String> form) {
        try {
            return AssertionResponse.parse(form);
        } catch (BadInputException e) {
            throw new AssertionError(e.getMessage());
        }
    }
}
