package dev.passkeyfirst.keycloak.credential;

import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.WebAuthnPasswordlessCredentialProvider;
import org.keycloak.credential.WebAuthnPasswordlessCredentialProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;

/**
 * Keycloak's passkey (WebAuthn passwordless) credential provider (same id, higher {@link #order()}),
 * unchanged but for the credential-id index, as {@link IndexedWebAuthnCredentialProviderFactory}.
 * Passkeys of ours, Keycloak's own passkey steps and realm imports all store through it.
 */
public class IndexedPasskeyCredentialProviderFactory extends WebAuthnPasswordlessCredentialProviderFactory {

    @Override
    public CredentialProvider create(KeycloakSession session) {
        return new WebAuthnPasswordlessCredentialProvider(session, getMetadataService(), createOrGetObjectConverter()) {
            @Override
            public CredentialModel createCredential(RealmModel realm, UserModel user, WebAuthnCredentialModel model) {
                return CredentialIdIndex.created(session, realm, user, model, super.createCredential(realm, user, model));
            }

            @Override
            public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
                return CredentialIdIndex.removed(session, credentialId, super.deleteCredential(realm, user, credentialId));
            }
        };
    }

    @Override
    public int order() {
        return 100;
    }
}
