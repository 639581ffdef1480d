package dev.passkeyfirst.keycloak.common;

import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/** What a request leaves to be done once its transaction has ended. */
public final class AfterRequest {

    private AfterRequest() {
    }

    /** Removes a single-use entry once this request's transaction has ended, committed or not. */
    public static void removeSingleUse(KeycloakSession session, String key) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                remove();
            }

            @Override
            protected void rollbackImpl() {
                remove();
            }

            private void remove() {
                KeycloakModelUtils.runJobInTransaction(factory, s -> s.singleUseObjects().remove(key));
            }
        });
    }
}
