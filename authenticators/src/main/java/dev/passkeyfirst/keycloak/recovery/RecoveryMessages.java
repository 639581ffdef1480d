package dev.passkeyfirst.keycloak.recovery;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import dev.passkeyfirst.keycloak.common.RateLimit;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.model.PendingPasskey;
import dev.passkeyfirst.keycloak.notify.Notifications;
import dev.passkeyfirst.keycloak.sms.SmsSender;
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
public final class RecoveryMessages {

    private static final Logger LOG = Logger.getLogger(RecoveryMessages.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String LINK_PREFIX = "pkf.recovery.link.";

    private RecoveryMessages() {
    }

    static boolean withinLimits(KeycloakSession session, RealmModel realm, UserModel user, RecoveryConfig config) {
        String ip = session.getContext().getConnection().getRemoteAddr();
        return RateLimit.tryAcquire(session, "recovery.user." + realm.getId() + "." + user.getId(), config.messagesPerUser(), 3600)
                && RateLimit.tryAcquire(session, "recovery.ip." + realm.getId() + "." + ip, config.messagesPerIp(), 3600);
    }

    static String randomId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The email proof: a one-use link, valid at most 15 minutes, redeemed on its page by a POST. */
    static void sendLink(KeycloakSession session, RealmModel realm, UserModel user, RecoveryConfig config) {
        String id = randomId();
        session.singleUseObjects().put(LINK_PREFIX + id, config.linkMinutes() * 60L, Map.of("realm", realm.getId(), "user", user.getId()));
        Map<String, Object> mail = new HashMap<>();
        mail.put("link", base(session, realm) + "/recover/" + id);
        mail.put("expiresInMinutes", config.linkMinutes());
        Notifications.sendAfterCommit(session, realm, user, "pkf-recovery-link.ftl", "pkfEmailRecoveryLinkSubject", mail);
    }

    static void sendEmailCode(KeycloakSession session, RealmModel realm, UserModel user, String code, RecoveryConfig config) {
        Map<String, Object> mail = new HashMap<>();
        mail.put("code", code);
        mail.put("expiresInMinutes", config.codeMinutes());
        Notifications.sendAfterCommit(session, realm, user, "pkf-recovery-code.ftl", "pkfEmailRecoveryCodeSubject", mail);
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
     * Tells the account's owner about a recovery, with a "this wasn't me" link that cancels it (or
     * removes the recovered passkey) and freezes email and SMS proofs.
     */
    static void sendNotice(KeycloakSession session, RealmModel realm, UserModel user, String pendingId, String credentialId,
                           Long activeFrom, String agent) {
        String pendingHash = pendingId == null ? null : session.getProvider(PasskeyRecordStore.class).getPending(realm, pendingId)
                .map(PendingPasskey::credentialIdHash).orElse(null);
        String id = NotMeLinks.create(user, pendingId, pendingHash, credentialId);
        Map<String, Object> mail = new HashMap<>();
        mail.put("notMeLink", base(session, realm) + "/not-me/" + id + "?u=" + user.getId());
        mail.put("waiting", activeFrom != null);
        mail.put("activeFrom", activeFrom == null ? "" : java.time.Instant.ofEpochMilli(activeFrom).toString().replace('T', ' ').replaceAll("\\..*|Z", "") + " UTC");
        mail.put("agent", agent == null ? "" : agent);
        Notifications.sendAfterCommit(session, realm, user, "pkf-recovery-notice.ftl", "pkfEmailRecoveryNoticeSubject", mail);
    }

    private static String base(KeycloakSession session, RealmModel realm) {
        return session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName()).path("passkey-first").build().toString();
    }
}
