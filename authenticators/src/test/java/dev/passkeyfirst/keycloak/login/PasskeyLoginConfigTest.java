package dev.passkeyfirst.keycloak.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatorConfigModel;

class PasskeyLoginConfigTest {

    @Test
    void noConfigMeansTheDocumentedDefaults() {
        PasskeyLoginConfig c = PasskeyLoginConfig.of(null);
        assertEquals("required", c.userVerification());
        assertTrue(c.userVerificationRequired() && c.conditionalUi() && c.passkeyButton() && c.usernameFirst() && c.signalApi());
        assertEquals(5 * 60_000L, c.lastUsedIntervalMillis());
        assertEquals(List.of(), c.hints());
        assertEquals(PasskeyLoginConfig.PasswordPolicy.WITHOUT_PASSKEY, c.passwordAccepted(), "no user locked out by binding the step");
        assertEquals(1, c.passwordLevel());
    }

    @Test
    void anUnknownPasswordPolicyFallsBackToTheDefault() {
        AuthenticatorConfigModel m = new AuthenticatorConfigModel();
        m.setConfig(Map.of(PasskeyLoginConfigProperties.PASSWORD_ACCEPTED, "sometimes", PasskeyLoginConfigProperties.PASSWORD_LEVEL, "x"));
        PasskeyLoginConfig c = PasskeyLoginConfig.of(m);
        assertEquals(PasskeyLoginConfig.PasswordPolicy.WITHOUT_PASSKEY, c.passwordAccepted());
        assertEquals(1, c.passwordLevel());
        m.setConfig(Map.of(PasskeyLoginConfigProperties.PASSWORD_ACCEPTED, "never"));
        assertEquals(PasskeyLoginConfig.PasswordPolicy.NEVER, PasskeyLoginConfig.of(m).passwordAccepted());
    }

    @Test
    void mistypedValuesFallBackInsteadOfBreakingSignIn() {
        AuthenticatorConfigModel m = new AuthenticatorConfigModel();
        m.setConfig(Map.of(PasskeyLoginConfigProperties.USER_VERIFICATION, "sometimes",
                PasskeyLoginConfigProperties.LAST_USED_INTERVAL, "-3",
                PasskeyLoginConfigProperties.HINTS, "security-key##bogus##hybrid",
                PasskeyLoginConfigProperties.PASSKEY_BUTTON, "false"));
        PasskeyLoginConfig c = PasskeyLoginConfig.of(m);
        assertEquals("required", c.userVerification());
        assertEquals(5 * 60_000L, c.lastUsedIntervalMillis());
        assertEquals(List.of("security-key", "hybrid"), c.hints());
        assertFalse(c.passkeyButton());
    }

    @Test
    void everyConfigKeyIsOursAndDocumented() {
        PasskeyLoginConfigProperties.ALL.forEach(p -> {
            assertTrue(p.getName().startsWith("pkf."), p.getName());
            assertFalse(p.getHelpText() == null || p.getHelpText().isBlank(), p.getName());
        });
    }
}
