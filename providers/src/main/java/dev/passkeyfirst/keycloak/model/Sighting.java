package dev.passkeyfirst.keycloak.model;

/**
 * Where a line of history happened, in the terms "is this new to the account?" compares: the browser
 * (a hash of our long-lived device cookie), the country (ISO code, only with a GeoIP database) and the
 * network (/24 or /48). Any part may be null: no cookie yet, no database, no address, or a place that
 * was not confirmed (a passkey sign-in from a new place that gave no second proof counts as seen
 * nowhere).
 */
public record Sighting(String device, String country, String network) {

    public static final Sighting NOWHERE = new Sighting(null, null, null);
}
