package dev.passkeyfirst.keycloak.register;

import java.util.List;
import java.util.Locale;

import dev.passkeyfirst.keycloak.webauthn.AttestationFacts;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;

import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;

/**
 * Which new passkeys a realm accepts: the admin's choices on "Passkey First: create a passkey" and
 * the AAGUID list of the realm's own WebAuthn Passwordless policy. One policy for every way a
 * passkey is added: on this device, from another device, at recovery.
 */
public record PasskeyPolicy(CreatePasskeyConfig config, List<String> realmAcceptableAaguids) {

    public static PasskeyPolicy of(RealmModel realm, RequiredActionConfigModel actionConfig) {
        List<String> realmList = realm.getWebAuthnPolicyPasswordless().getAcceptableAaguids();
        return new PasskeyPolicy(CreatePasskeyConfig.of(actionConfig),
                realmList == null ? List.of() : realmList.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList());
    }

    /** The policy the realm set on our create step, for steps that are not that required action. */
    public static PasskeyPolicy of(RealmModel realm) {
        return of(realm, realm.getRequiredActionConfigByAlias(CreatePasskeyActionFactory.PROVIDER_ID));
    }

    /** The message key of the refusal, or null when the passkey is acceptable. */
    public String refusal(AttestationFacts facts) {
        String aaguid = facts.aaguid().toLowerCase(Locale.ROOT);
        boolean noAttestation = NoneAttestationStatement.FORMAT.equals(facts.format());
        if (config.deviceBoundOnly() && facts.backupEligible()) return "pkfErrorCreateSyncedRefused";
        if (config.aaguidDeny().contains(aaguid)) return "pkfErrorCreateModelRefused";
        if (!config.aaguidAllow().isEmpty() && !config.aaguidAllow().contains(aaguid)) return "pkfErrorCreateModelRefused";
        if (!realmAcceptableAaguids.isEmpty() && (noAttestation || !realmAcceptableAaguids.contains(aaguid))) {
            return "pkfErrorCreateModelRefused";
        }
        if (config.attestationRequired() && noAttestation) return "pkfErrorCreateAttestationRequired";
        return null;
    }
}
