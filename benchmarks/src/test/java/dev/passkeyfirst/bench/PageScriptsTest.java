package dev.passkeyfirst.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient.Page;
import org.junit.jupiter.api.Test;

/** The page scripts' inputs, read from pages shaped as Keycloak 26.7's and ours render them. */
class PageScriptsTest {

    private static Page page(String body) {
        return new Page(200, "http://localhost:28080/realms/bench/login-actions/authenticate", body, Map.of());
    }

    @Test
    void stockArgumentsOfWebauthnAuthenticate() {
        SoftAuthenticator key = new SoftAuthenticator();
        Page p = page("""
                <html><body data-page-id="login-webauthn-authenticate">
                <form id="webauth" action="http://localhost:28080/realms/bench/login-actions/authenticate?x=1" method="post" hidden="hidden">
                  <input type="hidden" id="clientDataJSON" name="clientDataJSON"/>
                  <input type="hidden" id="error" name="error"/>
                </form>
                <form id="authn_select" hidden="hidden"><input type="hidden" name="authn_use_chk" value="%s"/></form>
                <script type="module">
                    import { authenticateByWebAuthn } from "/resources/x/login/keycloak.v2/js/webauthnAuthenticate.js";
                    const input = {
                        isUserIdentified : true,
                        challenge : "Zm9vYmFy",
                        userVerification : "required",
                        rpId : "localhost",
                        createTimeout : 0,
                    };
                </script></body></html>
                """.formatted(key.credentialIdB64()));
        PageScripts.RequestOptions options = PageScripts.stockOptions(p);
        assertEquals("Zm9vYmFy", options.challenge());
        assertEquals("localhost", options.rpId());
        assertTrue(options.allows(key));
        Map<String, String> form = PageScripts.stockAssertion(p, key.assertion("localhost", "http://localhost:28080", "Zm9vYmFy"));
        assertEquals(List.of("clientDataJSON", "error", "authenticatorData", "signature", "credentialId", "userHandle").subList(0, 5),
                List.copyOf(form.keySet()).subList(0, 5));
        assertEquals("", form.get("error"));
    }

    @Test
    void ourAssertionFormIsTheWholeForm() {
        SoftAuthenticator key = new SoftAuthenticator();
        key.userHandle = new byte[]{1, 2, 3};
        Page p = page("""
                <html><body data-page-id="login-pkf-login">
                <script type="application/json" id="pkf-data">{"challenge":"abc","rpId":"localhost"}</script>
                <form id="pkf-assertion-form" action="/realms/bench/login-actions/authenticate" method="post" hidden>
                  <input type="hidden" name="credentialId"><input type="hidden" name="clientDataJSON">
                  <input type="hidden" name="authenticatorData"><input type="hidden" name="signature">
                  <input type="hidden" name="userHandle"><input type="hidden" name="authenticatorAttachment">
                  <input type="hidden" name="error"><input type="hidden" name="pkf.mode"><input type="hidden" name="pkf.signal">
                </form></body></html>
                """);
        PageScripts.RequestOptions options = PageScripts.pkfOptions(p);
        Map<String, String> form = PageScripts.pkfAssertion(p, key.assertion(options.rpId(), "http://localhost:28080", options.challenge()),
                "platform", "conditional", true);
        assertEquals(9, form.size());
        assertEquals("AQID", form.get("userHandle"));
        // current Chrome has the Signal API: pkf-webauthn.js posts "1"
        assertEquals("1", form.get("pkf.signal"));
        assertEquals("", PageScripts.pkfAssertion(p, key.assertion(options.rpId(), "http://localhost:28080", options.challenge()),
                "platform", "conditional", false).get("pkf.signal"));
        assertEquals("http://localhost:28080/realms/bench/login-actions/authenticate", p.formAction("pkf-assertion-form"));
    }
}
