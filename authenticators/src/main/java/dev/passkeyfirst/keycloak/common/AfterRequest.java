package dev.passkeyfirst.keycloak.common;

import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/** What a request leaves to be done once its transaction has ended. */
public final class AfterRequest {

    private static final Logger LOG = Logger.getLogger(AfterRequest.class);

    private AfterRequest() {
    }

    /**
     * Removes a single-use entry once this request's transaction has ended, committed or not. The
     * single-use store acts at once rather than in the transaction, so this session's own provider
     * does it, with no second session to open on every sign-in; should it fail, the entry's lifespan
     * ends it.
     */
    public static void removeSingleUse(KeycloakSession session, String key) {
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
                try {
                    session.singleUseObjects().remove(key);
                } catch (RuntimeException e) {
                    LOG.debugf("single-use entry left to expire: %s", e.getClass().getSimpleName());
                }
            }
        });
    }
}
