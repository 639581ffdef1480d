package dev.passkeyfirst.keycloak.register;

import org.keycloak.authentication.requiredactions.WebAuthnPasswordlessRegisterFactory;

/**
 * Takes over Keycloak's own {@code webauthn-register-passwordless} (same id, higher {@link #order()}),
 * the action behind the account console's passkey "Set up" and {@code kc_action}, so the rules of
 * our create step (input checks, policy, a passkey sign-in before adding another) hold there too.
 */
public class StockPasskeyRegisterOverrideFactory extends CreatePasskeyActionFactory {

    @Override
    public String getId() {
        return WebAuthnPasswordlessRegisterFactory.PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return "Webauthn Register Passwordless (Passkey First)";
    }

    @Override
    public int order() {
        return 100;
    }
}
