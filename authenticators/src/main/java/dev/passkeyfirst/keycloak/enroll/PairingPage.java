package dev.passkeyfirst.keycloak.enroll;

/** What {@code pkf-pair-confirm.ftl} (the page a pairing link opens) reads as {@code pkfPairing}. */
public class PairingPage {

    private final String view;
    private final String account;
    private final String action;
    private final String binding;
    private final String via;
    private final long expiresAt;

    private PairingPage(String view, String account, String action, String binding, String via, long expiresAt) {
        this.view = view;
        this.account = account;
        this.action = action;
        this.binding = binding;
        this.via = via;
        this.expiresAt = expiresAt;
    }

    public static PairingPage confirm(String account, String action, String binding, String via, long expiresAt) {
        return new PairingPage("confirm", account, action, binding, via, expiresAt);
    }

    public static PairingPage gone() {
        return new PairingPage("gone", null, null, null, null, 0);
    }

    public static PairingPage otherAccount(String account) {
        return new PairingPage("other-account", account, null, null, null, 0);
    }

    public String getView() { return view; }
    public String getAccount() { return account; }
    public String getAction() { return action; }
    public String getBinding() { return binding; }
    public String getVia() { return via; }
    public long getExpiresAt() { return expiresAt; }
}
