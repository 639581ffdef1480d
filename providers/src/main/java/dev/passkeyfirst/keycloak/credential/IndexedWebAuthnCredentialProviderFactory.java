package dev.passkeyfirst.keycloak.credential;

import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.WebAuthnCredentialProvider;
import org.keycloak.credential.WebAuthnCredentialProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;

/**
 * Keycloak's two-factor WebAuthn credential provider (same id, higher {@link #order()}), unchanged but
 * for one thing: each credential it stores or removes is noted in our credential-id index, so that no
 * passkey of ours can take the id of a security key registered through Keycloak's own steps
 * (DESIGN §5: credential id unique in the realm) without a search through every credential.
 */
public class IndexedWebAuthnCredentialProviderFactory extends WebAuthnCredentialProviderFactory {

    @Override
    public CredentialProvider create(KeycloakSession session) {
        return new WebAuthnCredentialProvider(session, getMetadataService(), createOrGetObjectConverter()) {
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
