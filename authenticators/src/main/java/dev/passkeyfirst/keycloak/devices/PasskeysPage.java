package dev.passkeyfirst.keycloak.devices;

import java.util.List;

/** What {@code pkf-passkeys.ftl} reads as {@code pkfPasskeys}. Beans, not records: FreeMarker reads properties. */
public class PasskeysPage {

    public static final class Passkey {
        private final String id;
        private final String label;
        private final String provider;
        private final String icon;
        private final String sync;
        private final long created;
        private final String enrollment;
        private final String enrolledFrom;
        private final long lastUsed;
        private final String lastUsedAgent;
        private final String lastUsedPlace;
        private final boolean current;
        private final int sessions;

        Passkey(String id, String label, String provider, String icon, String sync, long created, String enrollment,
                String enrolledFrom, long lastUsed, String lastUsedAgent, String lastUsedPlace, boolean current, int sessions) {
            this.id = id;
            this.label = label;
            this.provider = provider;
            this.icon = icon;
            this.sync = sync;
            this.created = created;
            this.enrollment = enrollment;
            this.enrolledFrom = enrolledFrom;
            this.lastUsed = lastUsed;
            this.lastUsedAgent = lastUsedAgent;
            this.lastUsedPlace = lastUsedPlace;
            this.current = current;
            this.sessions = sessions;
        }

        public String getId() { return id; }
        public String getLabel() { return label; }
        /** the provider's name from Keycloak's AAGUID metadata, or empty */
        public String getProvider() { return provider == null ? "" : provider; }
        /** a data: URI of the provider's icon, or empty */
        public String getIcon() { return icon == null ? "" : icon; }
        /** DEVICE_BOUND, SYNCED or SYNCABLE (backup-eligible, not backed up yet) */
        public String getSync() { return sync; }
        /** milliseconds since the epoch, 0 when Keycloak did not record it */
        public long getCreated() { return created; }
        public String getEnrollment() { return enrollment; }
        /** the label of the passkey that approved this one, or empty */
        public String getEnrolledFrom() { return enrolledFrom == null ? "" : enrolledFrom; }
        /** milliseconds since the epoch, 0 when never recorded */
        public long getLastUsed() { return lastUsed; }
        public String getLastUsedAgent() { return lastUsedAgent == null ? "" : lastUsedAgent; }
        public String getLastUsedPlace() { return lastUsedPlace == null ? "" : lastUsedPlace; }
        public boolean isCurrent() { return current; }
        /** sessions other than this one that were signed in with this passkey */
        public int getSessions() { return sessions; }
    }

    private final List<Passkey> passkeys;
    private final String confirmRemove;
    private final String hint;
    private final String hintProvider;
    private final String signal;
    private final boolean mayChange;

    PasskeysPage(List<Passkey> passkeys, String confirmRemove, String hint, String hintProvider, String signal, boolean mayChange) {
        this.passkeys = passkeys;
        this.confirmRemove = confirmRemove;
        this.hint = hint;
        this.hintProvider = hintProvider;
        this.signal = signal;
        this.mayChange = mayChange;
    }

    public List<Passkey> getPasskeys() { return passkeys; }
    /** the passkey the user asked to remove, awaiting confirmation, or empty */
    public String getConfirmRemove() { return confirmRemove == null ? "" : confirmRemove; }
    /** ONE_PASSKEY, ONE_PROVIDER or empty: how ready the account is for a lost device */
    public String getHint() { return hint == null ? "" : hint; }
    public String getHintProvider() { return hintProvider == null ? "" : hintProvider; }
    /** Signal API data after a removal (JSON), or empty */
    public String getSignal() { return signal == null ? "" : signal; }
    /** whether this session may rename and remove (a recent passkey sign-in) */
    public boolean isMayChange() { return mayChange; }
}
