package dev.passkeyfirst.keycloak.account;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.passkeyfirst.keycloak.common.Config;
import dev.passkeyfirst.keycloak.vocabulary.ConfigKeys;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The realm's sign-in notices: kept in the settings of "Passkey First: your passkeys" (the page that
 * shows the history they are drawn from), read by the notices at each sign-in. A realm that never
 * saved those settings gets the defaults: notices on, for a new browser or a new country.
 *
 * @param placeBy     how places compare, or null when a new place alone sends no notice
 * @param seenDays    a browser or place seen within this many days is not new (bounded by the history's retention)
 * @param quietMinutes after a notice, none for this long
 * @param maxPerDay   at most this many in a day
 */
public record NoticeSettings(boolean enabled, boolean newDevice, Sightings.PlaceBy placeBy, int seenDays, int quietMinutes,
                             int maxPerDay) {

    public static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(ConfigKeys.NOTICES).type(ProviderConfigProperty.BOOLEAN_TYPE)
            .label("Email the owner about sign-ins from a new browser or place")
            .helpText("A sign-in from a browser or a place that the account's history does not hold for the period below"
                    + " emails the owner what, where and when, with a \"this wasn't me\" link that ends that sign-in's"
                    + " sessions and pauses email and SMS recovery. An account with no history yet gets no notice.")
            .defaultValue("true").add()
            .property().name(ConfigKeys.NOTICE_NEW_DEVICE).type(ProviderConfigProperty.BOOLEAN_TYPE)
            .label("A new browser counts")
            .helpText("A browser without our long-lived browser cookie from an earlier sign-in of this account counts as new"
                    + " (private windows and cleared cookies too).")
            .defaultValue("true").add()
            .property().name(ConfigKeys.NOTICE_NEW_PLACE).type(ProviderConfigProperty.LIST_TYPE)
            .label("A new place counts")
            .helpText("'country': a country the account was not in (needs the GeoIP database named in the add-device"
                    + " settings; without one the network is compared). 'network': a network (/24, /48) it did not use."
                    + " 'off': places alone never send a notice.")
            .options("country", "network", "off").defaultValue("country").add()
            .property().name(ConfigKeys.NOTICE_SEEN_DAYS).type(ProviderConfigProperty.STRING_TYPE)
            .label("Seen within (days)")
            .helpText("A browser or place the account used within this many days is not new. At most the history's"
                    + " retention (90 days by default).")
            .defaultValue("90").add()
            .property().name(ConfigKeys.NOTICE_QUIET_MINUTES).type(ProviderConfigProperty.STRING_TYPE)
            .label("Quiet period (minutes)")
            .helpText("After a notice, no other notice is sent to the same account for this long.")
            .defaultValue("60").add()
            .property().name(ConfigKeys.NOTICE_MAX_PER_DAY).type(ProviderConfigProperty.STRING_TYPE)
            .label("Notices per day")
            .helpText("At most this many notices to one account in 24 hours.")
            .defaultValue("5").add()
            .build();

    public static NoticeSettings of(RealmModel realm) {
        RequiredActionConfigModel model = realm.getRequiredActionConfigByAlias(ProviderIds.PASSKEYS);
        Map<String, String> c = model == null || model.getConfig() == null ? Map.of() : model.getConfig();
        String place = Config.oneOf(c, ConfigKeys.NOTICE_NEW_PLACE, "country", "country", "network", "off");
        return new NoticeSettings(Config.bool(c, ConfigKeys.NOTICES, true), Config.bool(c, ConfigKeys.NOTICE_NEW_DEVICE, true),
                "off".equals(place) ? null : Sightings.PlaceBy.parse(place, Sightings.PlaceBy.COUNTRY),
                Config.integer(c, ConfigKeys.NOTICE_SEEN_DAYS, 90, 1, 3650), Config.integer(c, ConfigKeys.NOTICE_QUIET_MINUTES, 60, 0, 7 * 24 * 60),
                Config.integer(c, ConfigKeys.NOTICE_MAX_PER_DAY, 5, 1, 1000));
    }

    /** The passkeys page's settings: Keycloak's max_auth_age beside the notices. */
    public static List<ProviderConfigProperty> withAuthAge(List<ProviderConfigProperty> authAge) {
        List<ProviderConfigProperty> all = new ArrayList<>(authAge);
        all.addAll(PROPERTIES);
        return all;
    }
}
