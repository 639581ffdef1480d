package dev.passkeyfirst.keycloak.webauthn;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.passkeyfirst.keycloak.model.PendingPasskey;
import dev.passkeyfirst.keycloak.util.CredentialIds;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.models.credential.dto.WebAuthnCredentialData;

/** A user's Keycloak passkey credential with its raw WebAuthn id decoded once. */
public record StoredPasskey(WebAuthnCredentialModel model, byte[] rawId) {

    public String credentialModelId() {
        return model.getId();
    }

    public WebAuthnCredentialData data() {
        return model.getWebAuthnCredentialData();
    }

    public Set<String> transports() {
        Set<String> t = data().getTransports();
        return t == null ? Set.of() : t;
    }

    public static List<StoredPasskey> of(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(WebAuthnCredentialModel.TYPE_PASSWORDLESS)
                .map(StoredPasskey::from).flatMap(Optional::stream).toList();
    }

    /**
     * The user's passkey with this raw id. Keycloak keeps the id in the credential's JSON as
     * {@code "credentialId":"<base64>"}: the row holding exactly that text is decoded first, so an
     * account with five passkeys costs one JSON decoding per sign-in, not five. Rows written otherwise
     * (older versions broke long ids into MIME lines) are still found by decoding them all.
     */
    public static Optional<StoredPasskey> find(UserModel user, byte[] rawId) {
        List<CredentialModel> all = user.credentialManager().getStoredCredentialsByTypeStream(WebAuthnCredentialModel.TYPE_PASSWORDLESS).toList();
        String needle = "\"credentialId\":\"" + CredentialIds.keycloakForm(rawId) + "\"";
        for (CredentialModel c : all) {
            if (c.getCredentialData() == null || !c.getCredentialData().contains(needle)) continue;
            Optional<StoredPasskey> p = from(c).filter(s -> Arrays.equals(s.rawId, rawId));
            if (p.isPresent()) return p;
        }
        return all.stream().map(StoredPasskey::from).flatMap(Optional::stream).filter(p -> Arrays.equals(p.rawId, rawId)).findFirst();
    }

    /** The raw WebAuthn id inside Keycloak-format credential data (as a pending passkey holds it). */
    public static Optional<byte[]> rawIdOf(PendingPasskey.KeycloakForm form) {
        CredentialModel c = new CredentialModel();
        c.setType(WebAuthnCredentialModel.TYPE_PASSWORDLESS);
        c.setCredentialData(form.credentialData());
        c.setSecretData(form.secretData());
        return from(c).map(StoredPasskey::rawId);
    }

    private static Optional<StoredPasskey> from(CredentialModel c) {
        try {
            WebAuthnCredentialModel m = WebAuthnCredentialModel.createFromCredentialModel(c);
            return Optional.of(new StoredPasskey(m, CredentialIds.fromKeycloakForm(m.getWebAuthnCredentialData().getCredentialId())));
        } catch (RuntimeException e) {
            // a credential row we cannot read is not one anyone can sign in with
            return Optional.empty();
        }
    }
}
