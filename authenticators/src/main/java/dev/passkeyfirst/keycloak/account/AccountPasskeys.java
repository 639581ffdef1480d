package dev.passkeyfirst.keycloak.account;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.passkeyfirst.keycloak.model.PasskeyRecord;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.webauthn.AuthenticatorNames;
import dev.passkeyfirst.keycloak.webauthn.StoredPasskey;
import org.keycloak.authentication.authenticators.browser.WebAuthnAuthenticatorMetadata;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * An account's passkeys with what we know of each: Keycloak's credential joined with our row (how it
 * came, last use) and Keycloak's AAGUID metadata (provider, icon). One query for our rows, whatever
 * the number of passkeys. The passkeys page and the admin view show the same facts.
 */
public final class AccountPasskeys {

    /**
     * @param provider     the provider's name from Keycloak's AAGUID metadata, or null
     * @param icon         a data: URI of the provider's icon, or null
     * @param sync         DEVICE_BOUND, SYNCED or SYNCABLE (backup-eligible, not backed up yet), or UNKNOWN
     * @param created      milliseconds since the epoch, 0 when Keycloak did not record it
     * @param enrolledFrom the label of the passkey that approved this one, or null
     * @param lastUsed     milliseconds since the epoch, 0 when never recorded
     */
    public record Facts(String id, String label, String provider, String icon, String sync, long created, String enrollment,
                        String enrolledFrom, long lastUsed, String lastUsedAgent, String lastUsedPlace) {
    }

    private AccountPasskeys() {
    }

    public static List<Facts> of(KeycloakSession session, RealmModel realm, UserModel user) {
        List<StoredPasskey> stored = StoredPasskey.of(user);
        Map<String, PasskeyRecord> records = session.getProvider(PasskeyRecordStore.class).getForUser(realm, user).stream()
                .collect(Collectors.toMap(PasskeyRecord::credentialModelId, r -> r, (a, b) -> a));
        Map<String, String> labels = new HashMap<>();
        stored.forEach(p -> labels.put(p.credentialModelId(), p.model().getUserLabel()));
        List<Facts> out = new ArrayList<>();
        for (StoredPasskey p : stored) {
            String id = p.credentialModelId();
            PasskeyRecord r = records.get(id);
            String aaguid = r != null ? r.aaguid() : p.data().getAaguid();
            WebAuthnAuthenticatorMetadata m = AuthenticatorNames.metadata(session, aaguid);
            String icon = m == null ? null : m.iconLight();
            if (icon != null && !icon.startsWith("data:image/")) icon = null;
            String sync = r == null ? "UNKNOWN" : r.deviceBound() ? "DEVICE_BOUND" : r.backupState() ? "SYNCED" : "SYNCABLE";
            Long created = p.model().getCreatedDate();
            out.add(new Facts(id, p.model().getUserLabel(), m == null ? null : m.name(), icon, sync,
                    created == null ? 0 : created,
                    r == null ? "UNKNOWN" : r.enrollment().name(),
                    r == null || r.enrolledFrom() == null ? null : labels.get(r.enrolledFrom()),
                    r == null || r.lastUse().at() == null ? 0 : r.lastUse().at(),
                    r == null ? null : r.lastUse().agent(),
                    r == null ? null : r.lastUse().where()));
        }
        return out;
    }
}
