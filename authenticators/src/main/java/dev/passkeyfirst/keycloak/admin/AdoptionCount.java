package dev.passkeyfirst.keycloak.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.passkeyfirst.keycloak.model.Adoption;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.webauthn.AuthenticatorNames;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.timer.ScheduledTask;

/**
 * Counts how far each realm has come to passkeys and stores the snapshot. Run by one node of the
 * cluster at a time (Keycloak's cluster-aware runner), every few minutes: grouped queries over the
 * realm's credentials, never a query per user, and never on a scrape.
 */
public final class AdoptionCount implements ScheduledTask {

    static final String TASK = "pkf-adoption-count";
    /** Providers Keycloak's metadata does not name: one label value, so the label stays a closed set. */
    static final String UNKNOWN_PROVIDER = "unknown";

    private static final Logger LOG = Logger.getLogger(AdoptionCount.class);

    @Override
    public void run(KeycloakSession session) {
        long start = System.nanoTime();
        List<RealmModel> realms = session.realms().getRealmsStream().toList();
        realms.forEach(realm -> count(session, realm));
        LOG.infof("passkey adoption counted in %d realms in %d ms", realms.size(), (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public String getTaskName() {
        return TASK;
    }

    static Adoption count(KeycloakSession session, RealmModel realm) {
        long start = System.nanoTime();
        PasskeyRecordStore store = session.getProvider(PasskeyRecordStore.class);
        long users = session.users().getUsersCount(realm, false);
        long withPasskey = store.countAccountsWithPasskey(realm);
        List<Adoption.ByProvider> byProvider = byProvider(session, store.countPasskeyHolders(realm));
        long waiting = store.countWaitingRecoveries(realm, Time.currentTimeMillis());
        long millis = (System.nanoTime() - start) / 1_000_000;
        Adoption adoption = new Adoption(realm.getId(), Time.currentTimeMillis(), users, withPasskey, byProvider, waiting, millis);
        store.saveAdoption(adoption);
        LOG.debugf("adoption of realm %s counted in %d ms: %d of %d accounts with a passkey", realm.getName(), millis, withPasskey, users);
        return adoption;
    }

    /**
     * Folds AAGUIDs into provider names. Two AAGUIDs of one provider (two YubiKey models of a series)
     * may hold the same account, so summing overcounts such an account by one per model: accepted for
     * a dashboard, where the provider's share matters, not the exact account.
     */
    static List<Adoption.ByProvider> byProvider(KeycloakSession session, List<Adoption.AuthenticatorCount> counts) {
        Map<List<String>, Long> folded = new LinkedHashMap<>();
        for (Adoption.AuthenticatorCount c : counts) {
            String provider = AuthenticatorNames.provider(session, c.aaguid());
            List<String> key = List.of(provider == null || provider.isBlank() ? UNKNOWN_PROVIDER : provider,
                    c.backupEligible() ? "synced" : "device_bound");
            folded.merge(key, c.users(), Long::sum);
        }
        List<Adoption.ByProvider> out = new ArrayList<>();
        folded.forEach((k, v) -> out.add(new Adoption.ByProvider(k.get(0), k.get(1), v)));
        out.sort(Comparator.comparingLong(Adoption.ByProvider::users).reversed().thenComparing(Adoption.ByProvider::provider));
        return out;
    }
}
