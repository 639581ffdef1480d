package dev.passkeyfirst.keycloak.enroll;

import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import static dev.passkeyfirst.keycloak.enroll.AddDeviceConfigProperties.*;

import java.util.Map;

import dev.passkeyfirst.keycloak.common.Config;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;

public record AddDeviceConfig(int linkLifetimeSeconds, int maxPasskeyAgeSeconds, boolean signInNewDevice,
                              boolean emailLink, int emailsPerUser, int emailsPerIp, String geoIpDatabase) {

    public static AddDeviceConfig of(RequiredActionConfigModel model) {
        Map<String, String> c = model == null || model.getConfig() == null ? Map.of() : model.getConfig();
        return new AddDeviceConfig(
                Config.integer(c, LINK_LIFETIME, 600, 10, 600),
                Config.integer(c, MAX_PASSKEY_AGE, 300, 10, 86_400),
                Config.bool(c, SIGN_IN_NEW_DEVICE, true),
                Config.bool(c, EMAIL_LINK, true),
                Config.integer(c, EMAILS_PER_USER, 3, 1, 100),
                Config.integer(c, EMAILS_PER_IP, 10, 1, 1000),
                c.getOrDefault(GEOIP_DATABASE, ""));
    }

    /** The realm's settings on the add-device step, for the other side of the pairing (device B, the link). */
    public static AddDeviceConfig of(RealmModel realm) {
        return of(realm.getRequiredActionConfigByAlias(ProviderIds.ADD_DEVICE));
    }

    /** Never longer than 10 minutes (DESIGN §5) nor than the realm lets a user action last. */
    public long lifespanSeconds(RealmModel realm) {
        int accessCode = realm.getAccessCodeLifespanUserAction();
        long limit = Math.min(linkLifetimeSeconds, 600);
        if (accessCode > 0) limit = Math.min(limit, accessCode);
        return limit;
    }
}
