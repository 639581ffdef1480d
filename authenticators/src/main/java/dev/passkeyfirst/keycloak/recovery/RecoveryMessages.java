package dev.passkeyfirst.keycloak.recovery;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import dev.passkeyfirst.keycloak.common.RateLimit;
import dev.passkeyfirst.keycloak.common.Requests;
import dev.passkeyfirst.keycloak.link.Links;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.model.PendingPasskey;
import dev.passkeyfirst.keycloak.notify.Notifications;
import dev.passkeyfirst.keycloak.sms.SmsSender;
import dev.passkeyfirst.keycloak.vocabulary.Pages;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.jboss.logging.Logger;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Everything a recovery sends: the link, codes by email and SMS, and the notice of a recovery.
 * Sending happens after the response (on a worker, after commit), so the answer looks and takes
 * the same whether a message went out or not. Limits count per account and per address across
 * the cluster and, when reached, drop messages silently.
 */
final class RecoveryMessages {

    private static final Logger LOG = Logger.getLogger(RecoveryMessages.class);

    /** What a recovery link's entry holds. */
    record LinkEntry(String realmId, String userId) {
    }

    private RecoveryMessages() {
    }

    /** The limits for one more message to this account, after a first proof, from this address. */
    static boolean withinLimits(KeycloakSession session, RealmModel realm, UserModel user, RecoveryConfig config) {
        return RateLimit.tryAcquire(session, "recovery.user." + realm.getId() + "." + user.getId(), config.messagesPerUser(), 3600)
                && withinAddressLimit(session, realm, config);
    }

    /** The limit on messages from the address this request came from. */
    static boolean withinAddressLimit(KeycloakSession session, RealmModel realm, RecoveryConfig config) {
        return RateLimit.tryAcquire(session, "recovery.ip." + realm.getId() + "." + Requests.ip(session), config.messagesPerIp(), 3600);
    }

    /**
     * The email proof: a one-use link, valid at most 15 minutes, redeemed on its page by a POST. For
     * an account that gets none, the same store write happens with an entry nobody can use, so both
     * answers cost the same.
     */
    static void sendLink(KeycloakSession session, RealmModel realm, UserModel user, RecoveryConfig config, boolean send) {
        String id = Links.newId();
        if (!send) {
            Links.put(session, ProviderIds.PART_RECOVER, id, new LinkEntry(realm.getId(), ""), 1);
            return;
        }
        Links.put(session, ProviderIds.PART_RECOVER, id, new LinkEntry(realm.getId(), user.getId()), config.linkMinutes() * 60L);
        Map<String, Object> mail = new HashMap<>();
        mail.put("link", Links.url(session, realm, ProviderIds.PART_RECOVER, id));
        mail.put("expiresInMinutes", config.linkMinutes());
        Notifications.sendAfterCommit(session, realm, user, Pages.EMAIL_RECOVERY_LINK, "pkfEmailRecoveryLinkSubject", mail);
    }

    static void sendEmailCode(KeycloakSession session, RealmModel realm, UserModel user, String code, RecoveryConfig config) {
        Map<String, Object> mail = new HashMap<>();
        mail.put("code", code);
        mail.put("expiresInMinutes", config.codeMinutes());
        Notifications.sendAfterCommit(session, realm, user, Pages.EMAIL_RECOVERY_CODE, "pkfEmailRecoveryCodeSubject", mail);
    }

    static void sendSms(KeycloakSession session, String phone, String text, RecoveryConfig config) {
        SmsSender sender = session.getProvider(SmsSender.class, config.smsSender());
        if (sender == null) {
            LOG.warnf("no SMS sender '%s' installed", config.smsSender());
            return;
        }
        ExecutorsProvider executors = session.getProvider(ExecutorsProvider.class);
        Map<String, String> settings = config.raw();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                executors.getExecutor("pkf-notifications").execute(() -> {
                    try {
                        sender.send(phone, text, settings);
                    } catch (SmsSender.SmsException e) {
                        LOG.warnf("recovery SMS not sent: %s", e.getMessage());
                    }
                });
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    /**
     * Tells the account's owner about a recovery, with a "this wasn't me" link that ends it (or
     * removes the recovered passkey) and freezes email and SMS proofs.
     */
    static void sendNotice(KeycloakSession session, RealmModel realm, UserModel user, String pendingId, String credentialId,
                           Long activeFrom, String agent) {
        String pendingHash = pendingId == null ? null : session.getProvider(PasskeyRecordStore.class).getPending(realm, pendingId)
                .map(PendingPasskey::credentialIdHash).orElse(null);
        String id = NotMeLinks.create(user, pendingId, pendingHash, credentialId);
        Map<String, Object> mail = new HashMap<>();
        mail.put("notMeLink", Links.url(session, realm, ProviderIds.PART_NOT_ME, id) + "?u=" + user.getId());
        mail.put("waiting", activeFrom != null);
        mail.put("activeFrom", activeFrom == null ? "" : Instant.ofEpochMilli(activeFrom).toString().replace('T', ' ').replaceAll("\\..*|Z", "") + " UTC");
        mail.put("agent", agent == null ? "" : agent);
        Notifications.sendAfterCommit(session, realm, user, Pages.EMAIL_RECOVERY_NOTICE, "pkfEmailRecoveryNoticeSubject", mail);
    }
}
