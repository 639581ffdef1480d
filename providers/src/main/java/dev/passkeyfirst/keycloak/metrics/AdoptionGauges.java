package dev.passkeyfirst.keycloak.metrics;

import java.util.ArrayList;
import java.util.List;

import dev.passkeyfirst.keycloak.model.Adoption;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The adoption numbers on {@code /metrics}: what the scheduled count stored, shown by every node. A
 * node refreshes them from the stored snapshots on its own short timer, so a scrape reads memory and
 * never the database, and both nodes of a cluster show the same numbers.
 */
public final class AdoptionGauges {

    static final String USERS = "pkf_users";
    static final String WITH_PASSKEY = "pkf_users_with_passkey";
    static final String BY_PROVIDER = "pkf_users_with_passkey_by_provider";
    static final String WAITING_RECOVERIES = "pkf_recoveries_waiting";
    static final String COUNTED = "pkf_adoption_counted_timestamp_seconds";

    private final MultiGauge users;
    private final MultiGauge withPasskey;
    private final MultiGauge byProvider;
    private final MultiGauge waitingRecoveries;
    private final MultiGauge counted;

    AdoptionGauges(MeterRegistry registry) {
        users = MultiGauge.builder(USERS).description("Accounts of the realm, service accounts left out (scheduled count)").register(registry);
        withPasskey = MultiGauge.builder(WITH_PASSKEY).description("Accounts holding at least one passkey (scheduled count)").register(registry);
        byProvider = MultiGauge.builder(BY_PROVIDER)
                .description("Accounts holding a passkey of this provider, synced or device-bound (scheduled count)").register(registry);
        waitingRecoveries = MultiGauge.builder(WAITING_RECOVERIES)
                .description("Recoveries whose new passkey waits for activation (scheduled count)").register(registry);
        counted = MultiGauge.builder(COUNTED).description("When the adoption numbers were counted").register(registry);
    }

    /** Shows the stored snapshots; a realm without one (not counted yet, or removed) shows nothing. */
    public void refresh(KeycloakSession session) {
        List<MultiGauge.Row<?>> u = new ArrayList<>(), w = new ArrayList<>(), p = new ArrayList<>(), r = new ArrayList<>(), c = new ArrayList<>();
        for (Adoption a : session.getProvider(PasskeyRecordStore.class).getAdoptions()) {
            RealmModel realm = session.realms().getRealm(a.realmId());
            if (realm == null) continue;
            Tags tags = Tags.of("realm", realm.getName());
            u.add(MultiGauge.Row.of(tags, a.users()));
            w.add(MultiGauge.Row.of(tags, a.withPasskey()));
            r.add(MultiGauge.Row.of(tags, a.waitingRecoveries()));
            c.add(MultiGauge.Row.of(tags, a.computedAt() / 1000.0));
            for (Adoption.ByProvider b : a.byProvider()) {
                p.add(MultiGauge.Row.of(tags.and("provider", b.provider(), "sync", b.sync()), b.users()));
            }
        }
        users.register(u, true);
        withPasskey.register(w, true);
        byProvider.register(p, true);
        waitingRecoveries.register(r, true);
        counted.register(c, true);
    }
}
