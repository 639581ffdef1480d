package dev.passkeyfirst.keycloak.recovery;

import java.util.List;

/** What {@code pkf-recover.ftl} reads as {@code pkfRecover}: one view of the recovery after the first proof. */
public class RecoverPage {

    /** A bean, not a record: FreeMarker would see a record's accessors as methods, not properties. */
    public static final class Passkey {
        private final String id;
        private final String label;
        private final String created;

        public Passkey(String id, String label, String created) {
            this.id = id;
            this.label = label;
            this.created = created;
        }

        public String getId() { return id; }
        public String getLabel() { return label; }
        public String getCreated() { return created; }
    }

    private final String view;
    private final List<String> offer;
    private final boolean mayWait;
    private final int waitingMinutes;
    private final String maskedPhone;
    private final List<String> codes;
    private final String data;
    private final String suggestedName;
    private final long activeFrom;
    private final List<Passkey> otherPasskeys;
    private final List<String> identityProviders;

    RecoverPage(String view, List<String> offer, boolean mayWait, int waitingMinutes, String maskedPhone, List<String> codes,
                String data, String suggestedName, long activeFrom, List<Passkey> otherPasskeys, List<String> identityProviders) {
        this.view = view;
        this.offer = offer;
        this.mayWait = mayWait;
        this.waitingMinutes = waitingMinutes;
        this.maskedPhone = maskedPhone;
        this.codes = codes;
        this.data = data;
        this.suggestedName = suggestedName;
        this.activeFrom = activeFrom;
        this.otherPasskeys = otherPasskeys;
        this.identityProviders = identityProviders;
    }

    public String getView() { return view; }
    public List<String> getOffer() { return offer; }
    public boolean isMayWait() { return mayWait; }
    public int getWaitingMinutes() { return waitingMinutes; }
    public String getMaskedPhone() { return maskedPhone == null ? "" : maskedPhone; }
    public List<String> getCodes() { return codes; }
    public String getData() { return data; }
    public String getSuggestedName() { return suggestedName == null ? "" : suggestedName; }
    public long getActiveFrom() { return activeFrom; }
    public List<Passkey> getOtherPasskeys() { return otherPasskeys; }
    public List<String> getIdentityProviders() { return identityProviders; }
}
