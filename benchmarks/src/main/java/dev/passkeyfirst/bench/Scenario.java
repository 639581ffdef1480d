package dev.passkeyfirst.bench;

import java.util.Map;

import dev.passkeyfirst.bench.PageScripts.RequestOptions;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient.Page;

/**
 * The sign-ins compared, all in one realm with the same users: each scenario is a client of that realm
 * whose browser flow is bound to the flow under test, and a setting of Keycloak's own passkey switch.
 * Each one walks the pages as a person with that browser would, and posts what the pages' scripts post.
 */
enum Scenario {

    OURS_DISCOVERABLE("1", "ours: passkey button / conditional UI", BenchRealm.CLIENT_OURS, false) {
        @Override
        void signIn(SignIn s, BenchUser u) throws SignInFailure {
            passkeyWithoutUsername(s, u.passkey, "platform");
        }
    },
    OURS_COUNTER("1c", "ours, 1 with a counting security key", BenchRealm.CLIENT_OURS, false) {
        @Override
        void signIn(SignIn s, BenchUser u) throws SignInFailure {
            passkeyWithoutUsername(s, u.securityKey, "cross-platform");
        }
    },
    OURS_USERNAME_FIRST("2", "ours: username first (allowCredentials)", BenchRealm.CLIENT_OURS, false) {
        @Override
        void signIn(SignIn s, BenchUser u) throws SignInFailure {
            Page start = SignIn.expect(s.authorize(), "login-pkf-login", "GET authorize");
            Map<String, String> form = start.formFields("pkf-username-form");
            form.put("username", u.username);
            form.put("pkf.usernameSubmit", ""); // the clicked submit button: browsers send its name
            Page step = SignIn.expect(s.browser.post(start.formAction("pkf-username-form"), form),
                    "login-pkf-login-passkey", "POST username");
            RequestOptions options = PageScripts.pkfOptions(step);
            if (!options.allows(u.passkey)) throw new SignInFailure("POST username: our passkey is not in allowCredentials");
            SoftAuthenticator.Assertion a = u.passkey.assertion(options.rpId(), s.origin, options.challenge());
            s.finish(s.browser.post(step.formAction("pkf-assertion-form"), PageScripts.pkfAssertion(step, a, "platform", "username", true)),
                    "POST assertion");
        }
    },
    OURS_PASSWORD("2p", "ours: username, then password (accepted by policy)", BenchRealm.CLIENT_OURS_PASSWORD, false) {
        @Override
        void signIn(SignIn s, BenchUser u) throws SignInFailure {
            Page start = SignIn.expect(s.authorize(), "login-pkf-login", "GET authorize");
            Map<String, String> form = start.formFields("pkf-username-form");
            form.put("username", u.username);
            form.put("pkf.usernameSubmit", "");
            Page step = SignIn.expect(s.browser.post(start.formAction("pkf-username-form"), form),
                    "login-pkf-login-passkey", "POST username");
            if (step.doc().getElementById("pkf-password-form") == null) throw new SignInFailure("POST username: no password asked for");
            Map<String, String> password = step.formFields("pkf-password-form");
            password.put("password", u.password);
            // a browser that reports it cannot create a passkey: no offer after the sign-in, as for Keycloak's form
            password.put("pkf.caps", "");
            s.finish(s.browser.post(step.formAction("pkf-password-form"), password), "POST password");
        }
    },
    KC_PASSKEYS_IN_PASSWORD_FORM("3", "Keycloak: passkeys in the username/password form", BenchRealm.CLIENT_KC_BROWSER, true) {
        @Override
        void signIn(SignIn s, BenchUser u) throws SignInFailure {
            Page login = SignIn.expect(s.authorize(), "login-login", "GET authorize");
            RequestOptions options = PageScripts.stockOptions(login);
            SoftAuthenticator.Assertion a = u.passkey.assertion(options.rpId(), s.origin, options.challenge());
            s.finish(s.browser.post(login.formAction("webauth"), PageScripts.stockAssertion(login, a)), "POST assertion");
        }
    },
    KC_USERNAME_THEN_PASSKEY("4", "Keycloak: Username Form, then WebAuthn Passwordless", BenchRealm.CLIENT_KC_USERNAME_PASSKEY, false) {
        @Override
        void signIn(SignIn s, BenchUser u) throws SignInFailure {
            Page login = SignIn.expect(s.authorize(), "login-login-username", "GET authorize");
            Page step = SignIn.expect(s.browser.post(login.formAction("kc-form-login"), usernameForm(login, u)),
                    "login-webauthn-authenticate", "POST username");
            RequestOptions options = PageScripts.stockOptions(step);
            if (!options.allows(u.passkey)) throw new SignInFailure("POST username: our passkey is not among the allowed credentials");
            SoftAuthenticator.Assertion a = u.passkey.assertion(options.rpId(), s.origin, options.challenge());
            s.finish(s.browser.post(step.formAction("webauth"), PageScripts.stockAssertion(step, a)), "POST assertion");
        }
    },
    KC_PASSWORD("5", "Keycloak: username/password (Argon2id)", BenchRealm.CLIENT_KC_BROWSER, false) {
        @Override
        void signIn(SignIn s, BenchUser u) throws SignInFailure {
            Page login = SignIn.expect(s.authorize(), "login-login", "GET authorize");
            Map<String, String> form = usernameForm(login, u);
            form.put("password", u.password);
            s.finish(s.browser.post(login.formAction("kc-form-login"), form), "POST username and password");
        }
    },
    KC_USERNAME_ONLY("6", "ceiling: Username Form alone, no credential", BenchRealm.CLIENT_KC_USERNAME, false) {
        @Override
        void signIn(SignIn s, BenchUser u) throws SignInFailure {
            Page login = SignIn.expect(s.authorize(), "login-login-username", "GET authorize");
            s.finish(s.browser.post(login.formAction("kc-form-login"), usernameForm(login, u)), "POST username");
        }
    },
    ADD_DEVICE("7", "ours: add a device by QR code, approved on the old one", BenchRealm.CLIENT_OURS, false) {
        @Override
        void signIn(SignIn s, BenchUser u) throws SignInFailure {
            AccountOperations.RUN.addDevice(s, u);
        }
    },
    LOST_DEVICE_KNOWN("8k", "ours: 'Lost your device?' for a known account", BenchRealm.CLIENT_OURS, false) {
        @Override
        void signIn(SignIn s, BenchUser u) throws SignInFailure {
            AccountOperations.RUN.lostDevice(s, u, true);
        }
    },
    LOST_DEVICE_UNKNOWN("8u", "ours: 'Lost your device?' for an unknown name", BenchRealm.CLIENT_OURS, false) {
        @Override
        void signIn(SignIn s, BenchUser u) throws SignInFailure {
            AccountOperations.RUN.lostDevice(s, u, false);
        }
    };

    final String id;
    final String title;
    final String clientId;
    /** Keycloak's realm switch for its own passkeys (webAuthnPolicyPasswordlessPasskeysEnabled). */
    final boolean keycloakPasskeys;

    Scenario(String id, String title, String clientId, boolean keycloakPasskeys) {
        this.id = id;
        this.title = title;
        this.clientId = clientId;
        this.keycloakPasskeys = keycloakPasskeys;
    }

    /**
     * One whole sign-in; returns normally only when the application holds an access token. For the
     * account operations (7, 8k, 8u) one whole operation, ending as {@link AccountOperations} says.
     */
    abstract void signIn(SignIn s, BenchUser u) throws SignInFailure;

    /** Adding a device and the lost-device request: measured like sign-ins, but not sign-ins, so reported apart. */
    boolean accountOperation() {
        return this == ADD_DEVICE || this == LOST_DEVICE_KNOWN || this == LOST_DEVICE_UNKNOWN;
    }

    /** What one measured operation's latency covers. */
    String timedPart() {
        return switch (this) {
            case ADD_DEVICE -> "approval POST on A to B's signed-in landing page";
            case LOST_DEVICE_KNOWN, LOST_DEVICE_UNKNOWN -> "the POST of the name";
            default -> "the whole sign-in";
        };
    }

    /** Whether the account holds what this sign-in needs: a counting key for 1c, a passkey for the other passkey sign-ins. */
    boolean accepts(BenchUser u) {
        return switch (this) {
            case OURS_COUNTER -> u.securityKey != null;
            case OURS_DISCOVERABLE, OURS_USERNAME_FIRST, KC_PASSKEYS_IN_PASSWORD_FORM, KC_USERNAME_THEN_PASSKEY, ADD_DEVICE -> u.passkey != null;
            default -> true;
        };
    }

    boolean ours() {
        return clientId.equals(BenchRealm.CLIENT_OURS) || clientId.equals(BenchRealm.CLIENT_OURS_PASSWORD);
    }

    static Scenario byId(String id) {
        for (Scenario s : values()) if (s.id.equals(id)) return s;
        throw new IllegalArgumentException("no scenario " + id);
    }

    /**
     * Our sign-in as current Chrome does it: the page posts {@code pkf.signal=1}, and where the server
     * answers with the Signal API page (the passkey's provider was told something else last time, or
     * never), pkf-signal.js calls the API and posts the page's continue button.
     */
    private static void passkeyWithoutUsername(SignIn s, SoftAuthenticator authenticator, String attachment) throws SignInFailure {
        Page login = SignIn.expect(s.authorize(), "login-pkf-login", "GET authorize");
        RequestOptions options = PageScripts.pkfOptions(login);
        SoftAuthenticator.Assertion a = authenticator.assertion(options.rpId(), s.origin, options.challenge());
        s.finish(s.browser.post(login.formAction("pkf-assertion-form"), PageScripts.pkfAssertion(login, a, attachment, "conditional", true)),
                "POST assertion");
    }

    /**
     * Keycloak's #kc-form-login as typed in. Its submit button is not sent: the form's
     * {@code onsubmit="login.disabled = true"} disables it before the browser collects the fields.
     */
    private static Map<String, String> usernameForm(Page login, BenchUser u) {
        Map<String, String> form = login.formFields("kc-form-login");
        form.put("username", u.username);
        return form;
    }
}
