package dev.passkeyfirst.keycloak.model.jpa;

import dev.passkeyfirst.keycloak.util.PkfFactory;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStoreFactory;
import dev.passkeyfirst.keycloak.model.RecoveryDueMark;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;

public class JpaPasskeyRecordStoreFactory implements PasskeyRecordStoreFactory, PkfFactory<PasskeyRecordStore> {

    public static final String PROVIDER_ID = "pkf-jpa";

    private static final Logger LOG = Logger.getLogger(JpaPasskeyRecordStoreFactory.class);
    private static final int INDEX_BATCH = 500;
    private static final int INDEX_ATTEMPTS = 3;

    @Override
    public PasskeyRecordStore create(KeycloakSession session) {
        return new JpaPasskeyRecordStore(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // no foreign keys into Keycloak's tables (DESIGN §6): follow removals in the same transaction instead
        factory.register(event -> {
            if (event instanceof UserModel.UserRemovedEvent removed) {
                store(removed.getKeycloakSession()).removeForUser(removed.getRealm().getId(), removed.getUser().getId());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                store(removed.getKeycloakSession()).removeForRealm(removed.getRealm().getId());
            } else if (event instanceof PostMigrationEvent migrated) {
                indexCredentialIds(migrated.getFactory());
                markWaitingRecoveries(migrated.getFactory());
            }
        });
    }

    /**
     * Brings the credential-id index up to date as the last step of Keycloak's bootstrap, after its
     * migration: WebAuthn credentials stored while the pack was not installed (or written straight into
     * the table) get their row, rows whose credential went without its provider are removed. Everything
     * stored later passes through the credential providers. In batches of their own transactions, so a
     * node starting beside another that indexes the same rows retries and goes on.
     */
    private static void indexCredentialIds(KeycloakSessionFactory factory) {
        long start = System.nanoTime();
        int stale = 0;
        try {
            stale = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> store(s).removeStaleCredentialIds());
        } catch (RuntimeException e) {
            // a stale row only refuses an id nobody holds any more; the start goes on
            LOG.warnf("Removing stale WebAuthn credential ids failed (%s)", e.getClass().getSimpleName());
        }
        String after = "";
        int noted = 0;
        int failures = 0;
        while (after != null) {
            String from = after;
            try {
                JpaPasskeyRecordStore.IndexProgress batch = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                        s -> store(s).indexMissingCredentialIds(from, INDEX_BATCH));
                after = batch.last();
                noted += batch.noted();
            } catch (RuntimeException e) {
                if (++failures >= INDEX_ATTEMPTS) {
                    LOG.warnf("Indexing WebAuthn credential ids stopped after %d failed attempts (%s); the next start goes on",
                            failures, e.getClass().getSimpleName());
                    return;
                }
            }
        }
        LOG.infof("WebAuthn credential ids indexed: %d noted, %d stale removed, %d ms", noted, stale, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Recoveries that began their waiting period under a version without the due mark get it now, so
     * the username step still activates their passkeys when due. Marks only move earlier: a start
     * beside another node doing the same, or a recovery begun meanwhile, lose nothing.
     */
    private static void markWaitingRecoveries(KeycloakSessionFactory factory) {
        try {
            int marked = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
                int n = 0;
                for (JpaPasskeyRecordStore.WaitingRecovery w : store(s).waitingRecoveries(Time.currentTimeMillis())) {
                    RealmModel realm = s.realms().getRealm(w.realmId());
                    if (realm == null) continue;
                    // Keycloak's user lookup asks the session's realm (organizations)
                    s.getContext().setRealm(realm);
                    UserModel user = s.users().getUserById(realm, w.userId());
                    if (user == null) continue;
                    RecoveryDueMark.waitsUntil(user, w.dueFrom());
                    n++;
                }
                return n;
            });
            if (marked > 0) LOG.infof("Accounts with a recovery in its waiting period: %d marked", marked);
        } catch (RuntimeException e) {
            LOG.warnf("Marking waiting recoveries failed (%s); the next start tries again", e.getClass().getSimpleName());
        }
    }

    private static JpaPasskeyRecordStore store(KeycloakSession session) {
        return (JpaPasskeyRecordStore) session.getProvider(PasskeyRecordStore.class, PROVIDER_ID);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
