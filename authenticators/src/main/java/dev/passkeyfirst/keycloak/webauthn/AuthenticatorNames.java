package dev.passkeyfirst.keycloak.webauthn;

import org.keycloak.authentication.authenticators.browser.WebAuthnAuthenticatorMetadata;
import org.keycloak.authentication.authenticators.browser.WebAuthnMetadataService;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.WebAuthnCredentialProvider;
import org.keycloak.credential.WebAuthnPasswordlessCredentialProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/** Names people recognise for a passkey: its provider from Keycloak's AAGUID metadata and the browser it was made in. */
public final class AuthenticatorNames {

    private AuthenticatorNames() {
    }

    /** "iCloud Keychain", "YubiKey 5 Series"...; null when Keycloak's metadata does not know the AAGUID. */
    public static String provider(KeycloakSession session, String aaguid) {
        WebAuthnAuthenticatorMetadata m = metadata(session, aaguid);
        return m == null ? null : m.name();
    }

    /** Name and icons Keycloak's AAGUID metadata holds for an authenticator; null when unknown. */
    public static WebAuthnAuthenticatorMetadata metadata(KeycloakSession session, String aaguid) {
        if (aaguid == null) return null;
        var provider = session.getProvider(CredentialProvider.class, WebAuthnPasswordlessCredentialProviderFactory.PROVIDER_ID);
        if (!(provider instanceof WebAuthnCredentialProvider webauthn)) return null;
        WebAuthnMetadataService metadata = webauthn.getMetadataService();
        return metadata == null ? null : metadata.getAuthenticatorMetadata(aaguid);
    }

    /** "iCloud Keychain, Safari on macOS"; whichever half is known; or a plain word. */
    public static String defaultLabel(String provider, String agent) {
        String label = provider != null && agent != null ? provider + ", " + agent : provider != null ? provider : agent;
        return label == null ? "Passkey" : RegistrationResponse.cleanLabel(label);
    }

    /**
     * Keycloak refuses two credentials of one user with the same label, and two phones of one kind
     * get the same default name: number the newcomer ("Chrome on Android (2)").
     */
    public static String unique(UserModel user, String label) {
        java.util.Set<String> taken = user.credentialManager().getStoredCredentialsStream()
                .map(c -> c.getUserLabel()).filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.toSet());
        if (!taken.contains(label)) return label;
        for (int n = 2; ; n++) {
            String suffix = " (" + n + ")";
            String base = label.length() + suffix.length() > 64 ? label.substring(0, 64 - suffix.length()) : label;
            if (!taken.contains(base + suffix)) return base + suffix;
        }
    }

    /** The label a user chose, or the default when the name field was left as the page prefilled it. */
    public static String chosenOrDefault(String posted, String provider, String agent) {
        String clean = RegistrationResponse.cleanLabel(posted);
        return clean != null && !clean.equals(agent) ? clean : defaultLabel(provider, agent);
    }
}
