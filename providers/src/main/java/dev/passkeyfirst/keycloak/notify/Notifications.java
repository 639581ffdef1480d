package dev.passkeyfirst.keycloak.notify;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Emails about a user's passkeys. They leave only after the transaction that caused them commits
 * (nothing is announced that did not happen) and on a worker thread (the user's response never
 * waits for SMTP, and its timing tells nothing about mail). Nothing is kept in memory beyond the
 * hand-over: if the node dies in between, the change is in the database and the event log.
 */
public final class Notifications {

    private static final Logger LOG = Logger.getLogger(Notifications.class);
    private static final String EXECUTOR = "pkf-notifications";

    private Notifications() {
    }

    /**
     * @param template    name of the html/ and text/ template pair, e.g. {@code pkf-passkey-added.ftl}
     * @param subjectKey  message key of the subject; its {0} is the realm's display name
     * @param attributes  plain values for the template (strings, numbers, booleans)
     */
    public static void sendAfterCommit(KeycloakSession session, RealmModel realm, UserModel user,
                                       String template, String subjectKey, Map<String, Object> attributes) {
        if (user.getEmail() == null || !user.isEmailVerified() || realm.getSmtpConfig() == null
                || realm.getSmtpConfig().isEmpty()) {
            LOG.debugf("no notification for user %s: no verified email or no SMTP in realm %s", user.getId(), realm.getName());
            return;
        }
        String realmId = realm.getId();
        String userId = user.getId();
        Map<String, Object> copy = new HashMap<>(attributes);
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        ExecutorsProvider executors = session.getProvider(ExecutorsProvider.class);
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                executors.getExecutor(EXECUTOR).execute(() -> send(factory, realmId, userId, template, subjectKey, copy));
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    private static void send(KeycloakSessionFactory factory, String realmId, String userId, String template,
                             String subjectKey, Map<String, Object> attributes) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, s -> {
                RealmModel realm = s.realms().getRealm(realmId);
                if (realm == null) return;
                s.getContext().setRealm(realm);
                UserModel user = s.users().getUserById(realm, userId);
                if (user == null || user.getEmail() == null) return;
                // no request here: take the user's chosen locale, never an Accept-Language header
                attributes.put(Constants.IGNORE_ACCEPT_LANGUAGE_HEADER, true);
                String realmName = realm.getDisplayName() != null && !realm.getDisplayName().isBlank()
                        ? realm.getDisplayName() : realm.getName();
                try {
                    s.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user)
                            .send(subjectKey, List.of(realmName), template, attributes);
                } catch (EmailException e) {
                    LOG.warnf("notification %s to user %s in realm %s not sent: %s", template, userId, realm.getName(),
                            e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("notification %s for user %s failed: %s", template, userId, e.getMessage());
        }
    }
}
