package dev.passkeyfirst.bench;

import dev.passkeyfirst.testsupport.SoftAuthenticator;

/**
 * One account of the benchmark realm: a password (for Keycloak's password form), a synced platform
 * passkey that keeps no signature counter (as iCloud Keychain and Google Password Manager passkeys
 * do), and a device-bound security key whose counter goes up with every use.
 */
final class BenchUser {

    final int index;
    final String username;
    final String password;
    final SoftAuthenticator passkey;
    final SoftAuthenticator securityKey;
    String id;

    BenchUser(int index) {
        this.index = index;
        this.username = String.format("user%04d@bench.example", index);
        this.password = "Bench-password-" + index + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        this.passkey = new SoftAuthenticator();
        this.passkey.flags = SoftAuthenticator.UP | SoftAuthenticator.UV | SoftAuthenticator.BE | SoftAuthenticator.BS;
        this.securityKey = new SoftAuthenticator();
        this.securityKey.flags = SoftAuthenticator.UP | SoftAuthenticator.UV;
        this.securityKey.counter = 1;
    }
}
