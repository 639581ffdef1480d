package dev.passkeyfirst.keycloak.model;

/** When, in which browser and from where a passkey was last used; all null before its first use. */
public record LastUse(Long at, String agent, String ip, String place) {

    public static final LastUse NEVER = new LastUse(null, null, null, null);

    /** The place when one is known, else the network address. */
    public String where() {
        return place != null ? place : ip;
    }
}
