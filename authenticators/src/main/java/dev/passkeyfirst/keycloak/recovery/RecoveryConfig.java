package dev.passkeyfirst.keycloak.recovery;

import static dev.passkeyfirst.keycloak.recovery.RecoveryConfigProperties.*;

import java.util.Map;

import dev.passkeyfirst.keycloak.common.Config;
import dev.passkeyfirst.keycloak.common.RealmFlows;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.models.RealmModel;

public record RecoveryConfig(boolean strict, int waitingMinutes, boolean emailProof, boolean codeProof, boolean smsProof,
                             int linkMinutes, int codeMinutes, int messagesPerUser, int messagesPerIp, int attempts,
                             String smsSender, boolean signInLink, boolean signInLinkWithPasskey, Map<String, String> raw) {

    public static RecoveryConfig of(Map<String, String> c) {
        Map<String, String> m = c == null ? Map.of() : c;
        return new RecoveryConfig(
                !"consumer".equals(Config.oneOf(m, PRESET, "strict", "strict", "consumer")),
                Config.integer(m, WAITING_MINUTES, 1440, 0, 60 * 24 * 30),
                Config.bool(m, EMAIL_PROOF, true),
                Config.bool(m, CODE_PROOF, true),
                Config.bool(m, SMS_PROOF, true),
                Config.integer(m, LINK_MINUTES, 15, 1, 15),
                Config.integer(m, SMS_MINUTES, 10, 1, 10),
                Config.integer(m, MAILS_PER_USER, 5, 1, 100),
                Config.integer(m, MAILS_PER_IP, 20, 1, 10_000),
                Config.integer(m, ATTEMPTS, 5, 1, 100),
                Config.oneOf(m, SMS_SENDER, "http", "http", "log"),
                Config.bool(m, SIGN_IN_LINK, false),
                Config.bool(m, SIGN_IN_LINK_WITH_PASSKEY, false),
                Map.copyOf(m));
    }

    /**
     * The config of the recovery step in the realm's reset-credentials flow: the required action that
     * continues a recovery (maybe in another browser) reads the same settings.
     */
    public static RecoveryConfig of(RealmModel realm) {
        return of(RealmFlows.stepConfig(realm, realm.getResetCredentialsFlow(), ProviderIds.RECOVERY));
    }
}
