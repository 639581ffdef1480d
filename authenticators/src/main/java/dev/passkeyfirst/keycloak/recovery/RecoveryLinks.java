package dev.passkeyfirst.keycloak.recovery;

import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** The links a recovery emails (the proof link, "this wasn't me") and what following them does. */
public final class RecoveryLinks {

    private static final Logger LOG = Logger.getLogger(RecoveryLinks.class);
    public static final String LINK_PREFIX = RecoveryMessages.LINK_PREFIX;

    private RecoveryLinks() {
    }

    public static boolean isId(String id) {
        return id != null && id.matches("[A-Za-z0-9_-]{22}");
    }

    public static boolean frozen(UserModel user) {
        return AccountProofs.frozen(user);
    }

    /**
     * "This wasn't me": a waiting recovery is dropped; a finished one loses its passkey and every
     * session; email and SMS stop proving anything until the owner signs in with a passkey again.
     */
    public static void cancel(KeycloakSession session, RealmModel realm, UserModel user, String pendingId, String credentialId) {
        if (pendingId != null) session.getProvider(PasskeyRecordStore.class).removePending(realm, pendingId);
        if (credentialId != null && user.credentialManager().getStoredCredentialById(credentialId) != null) {
            user.credentialManager().removeStoredCredentialById(credentialId);
            RecoveryActivation.signOutEverywhere(session, realm, user);
        }
        AccountProofs.freeze(user);
        LOG.infof("recovery cancelled by the owner of user %s; email and SMS proofs frozen", user.getId());
    }
}
