package dev.passkeyfirst.keycloak.webauthn;

import jakarta.ws.rs.core.MultivaluedMap;

/**
 * The fields a page's script posts after {@code navigator.credentials.get()}, decoded and bounded
 * before anything is looked up. Limits follow WebAuthn: credential ids are at most 1023 bytes,
 * user handles at most 64.
 */
public record AssertionResponse(
        byte[] credentialId,
        byte[] clientDataJSON,
        byte[] authenticatorData,
        byte[] signature,
        byte[] userHandle,
        String authenticatorAttachment) {

    public static final String CREDENTIAL_ID = "credentialId";
    public static final String CLIENT_DATA_JSON = "clientDataJSON";
    public static final String AUTHENTICATOR_DATA = "authenticatorData";
    public static final String SIGNATURE = "signature";
    public static final String USER_HANDLE = "userHandle";
    public static final String ATTACHMENT = "authenticatorAttachment";

    /** Whether the form carries an assertion at all (as opposed to a username, a cancel or a prompt error). */
    public static boolean present(MultivaluedMap<String, String> form) {
        return form.containsKey(CREDENTIAL_ID) || form.containsKey(CLIENT_DATA_JSON)
                || form.containsKey(AUTHENTICATOR_DATA) || form.containsKey(SIGNATURE);
    }

    public static AssertionResponse parse(MultivaluedMap<String, String> form) throws BadInputException {
        byte[] credentialId = FormFields.base64Url(form, CREDENTIAL_ID, 1, 1023, true);
        byte[] clientData = FormFields.base64Url(form, CLIENT_DATA_JSON, 32, 4096, true);
        // rpIdHash (32) + flags (1) + counter (4) at least; extensions make it longer
        byte[] authData = FormFields.base64Url(form, AUTHENTICATOR_DATA, 37, 4096, true);
        byte[] signature = FormFields.base64Url(form, SIGNATURE, 8, 1024, true);
        byte[] userHandle = FormFields.base64Url(form, USER_HANDLE, 1, 64, false);
        String attachment = FormFields.single(form, ATTACHMENT, 32);
        if (attachment != null && !attachment.equals("platform") && !attachment.equals("cross-platform")) {
            throw new BadInputException("authenticatorAttachment unknown");
        }
        return new AssertionResponse(credentialId, clientData, authData, signature, userHandle, attachment);
    }
}
