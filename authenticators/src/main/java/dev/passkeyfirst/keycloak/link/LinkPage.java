package dev.passkeyfirst.keycloak.link;

/**
 * What a link's page template reads as {@code pkfLink}: which view to show ("confirm", "gone", or a
 * kind's own), where the confirmation posts, the secret it posts back, and what the link is about.
 */
public record LinkPage(String view, String action, String binding, String account, String via, long expiresAt) {

    /** A view without a form: "gone", "done", "frozen", "otherBrowser"... */
    public static LinkPage showing(String view) {
        return new LinkPage(view, null, null, null, null, 0);
    }

    /** The view with the form that takes the link (its action and secret are filled in by the mechanism). */
    public static LinkPage confirm(String account, String via, long expiresAt) {
        return new LinkPage("confirm", null, null, account, via, expiresAt);
    }

    LinkPage bound(String actionUrl, String secret) {
        return new LinkPage(view, actionUrl, secret, account, via, expiresAt);
    }
}
