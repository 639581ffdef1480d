package dev.passkeyfirst.keycloak.migrate;

import static dev.passkeyfirst.keycloak.migrate.NudgeConfigProperties.*;

import java.util.Map;

import dev.passkeyfirst.keycloak.common.Config;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;

/** Typed view of the nudge's config; a realm that set none gets the defaults. */
record NudgeConfig(boolean nudge, long intervalSeconds, int maxSkips, boolean neverOffered, boolean autoUpgrade,
                   long upgradeWindowSeconds) {

    static NudgeConfig of(RealmModel realm) {
        RequiredActionConfigModel model = realm.getRequiredActionConfigByAlias(ProviderIds.PASSKEY_NUDGE);
        Map<String, String> c = model == null || model.getConfig() == null ? Map.of() : model.getConfig();
        return new NudgeConfig(
                Config.bool(c, NUDGE, true),
                Config.integer(c, INTERVAL_MINUTES, 10080, 0, 5_256_000) * 60L,
                Config.integer(c, MAX_SKIPS, 0, 0, 1000),
                Config.bool(c, NEVER_OFFERED, true),
                Config.bool(c, AUTO_UPGRADE, true),
                Config.integer(c, UPGRADE_WINDOW_SECONDS, 300, 1, 3600));
    }

    boolean skipAllowed(NudgeState state) {
        return maxSkips == 0 || state.skips() < maxSkips;
    }
}
