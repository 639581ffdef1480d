package dev.passkeyfirst.keycloak.login;

import java.util.Optional;

import dev.passkeyfirst.keycloak.common.Config;
import dev.passkeyfirst.keycloak.common.PkfAuthenticator;
import dev.passkeyfirst.keycloak.session.PasskeySessions;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * True when the passkey that signed this session in is device-bound (backup-ineligible, BE=0) and
 * verified its user. Put it in a conditional sub-flow with "Condition - Level of Authentication" and
 * "Allow access" to give such sign-ins a higher level for step-up ({@code acr}).
 */
public class DeviceBoundPasskeyCondition implements ConditionalAuthenticator, PkfAuthenticator {

    @Override
    public boolean configuredFor(org.keycloak.models.KeycloakSession session, org.keycloak.models.RealmModel realm,
                                 org.keycloak.models.UserModel user) {
        return true;
    }

    static final String NEGATE = "pkf.negate";

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        boolean negate = context.getAuthenticatorConfig() != null
                && Config.bool(context.getAuthenticatorConfig().getConfig(), NEGATE, false);
        // negated, it matches a passkey that is synced or did not verify its user, never a sign-in without
        // any passkey: "no passkey" must not pass for "the weaker kind of passkey" in either sense
        Optional<PasskeySessions.Proof> proof = proof(context);
        return proof.isPresent() && negate != proof.map(p -> p.deviceBound() && p.userVerified()).orElse(false);
    }

    private static Optional<PasskeySessions.Proof> proof(AuthenticationFlowContext context) {
        Optional<PasskeySessions.Proof> proof = PasskeySessions.of(context.getAuthenticationSession());
        if (proof.isEmpty()) {
            // this authentication used no passkey: step-up over an SSO session signed in with one
            var sso = AuthenticationManager.authenticateIdentityCookie(context.getSession(), context.getRealm(), true);
            if (sso == null || context.getUser() == null || !sso.user().getId().equals(context.getUser().getId())) return Optional.empty();
            proof = PasskeySessions.of(sso.session());
        }
        return proof;
    }

    @Override
    public void action(AuthenticationFlowContext context) {
    }

    @Override
    public boolean requiresUser() {
        return true;
    }
}
