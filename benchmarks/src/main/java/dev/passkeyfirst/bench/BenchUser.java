package dev.passkeyfirst.bench;

import dev.passkeyfirst.testsupport.SoftAuthenticator;

/**
 * One account of the benchmark realm: a password (for Keycloak's password form), a synced platform
 * passkey that keeps no signature counter (as iCloud Keychain and Google Password Manager passkeys
 * do), and a device-bound security key whose counter goes up with every use. Accounts seeded into the
 * database ({@link Population}) hold 1 to 5 passkeys of a mix: {@code passkey} is the first that keeps
 * no counter and {@code securityKey} the first that counts, either one null when the account has none.
 */
final class BenchUser {

    final int index;
    final String username;
    final String password;
    final SoftAuthenticator passkey;
    final SoftAuthenticator securityKey;
    /** How many passkeys the account holds. */
    final int passkeys;
    String id;
    /**
     * The browser this account last signed in with, for the cookies a real browser keeps between
     * sign-ins: our device cookie and the realm's signed word that browser and place are known.
     */
    dev.passkeyfirst.testsupport.WebClient lastBrowser;

    BenchUser(int index, String password, SoftAuthenticator passkey, SoftAuthenticator securityKey, int passkeys) {
        this.index = index;
        this.username = String.format("user%04d@bench.example", index);
        this.password = password;
        this.passkey = passkey;
        this.securityKey = securityKey;
        this.passkeys = passkeys;
    }

    BenchUser(int index) {
        this.index = index;
        this.username = String.format("user%04d@bench.example", index);
        this.password = "Bench-password-" + index + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        this.passkey = new SoftAuthenticator();
        this.passkey.flags = SoftAuthenticator.UP | SoftAuthenticator.UV | SoftAuthenticator.BE | SoftAuthenticator.BS;
        this.securityKey = new SoftAuthenticator();
        this.securityKey.flags = SoftAuthenticator.UP | SoftAuthenticator.UV;
        this.securityKey.counter = 1;
        this.passkeys = 2;
    }
}
