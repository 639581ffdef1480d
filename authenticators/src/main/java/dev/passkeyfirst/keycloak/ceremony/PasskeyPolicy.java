package dev.passkeyfirst.keycloak.ceremony;

import java.util.List;
import java.util.Locale;

import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.keycloak.webauthn.AttestationFacts;
import org.keycloak.models.Constants;
import org.keycloak.models.RealmModel;
import org.keycloak.models.WebAuthnPolicy;

import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;

/**
 * Which new passkeys a realm accepts: the admin's choices on "Passkey First: create a passkey" and
 * what the realm's own WebAuthn Passwordless policy says (acceptable AAGUIDs, authenticator
 * attachment, user verification). One policy for every way a passkey is added: on this device,
 * from another device, at recovery, at sign-up.
 */
public record PasskeyPolicy(PasskeyPolicyConfig config, List<String> realmAcceptableAaguids, String requiredAttachment,
                            boolean userVerificationRequired) {

    public static PasskeyPolicy of(RealmModel realm) {
        WebAuthnPolicy webauthn = realm.getWebAuthnPolicyPasswordless();
        List<String> realmList = webauthn.getAcceptableAaguids();
        String attachment = webauthn.getAuthenticatorAttachment();
        String uv = webauthn.getUserVerificationRequirement();
        return new PasskeyPolicy(PasskeyPolicyConfig.of(realm.getRequiredActionConfigByAlias(ProviderIds.CREATE_PASSKEY)),
                realmList == null ? List.of() : realmList.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList(),
                attachment == null || attachment.isBlank() || Constants.DEFAULT_WEBAUTHN_POLICY_NOT_SPECIFIED.equals(attachment) ? null : attachment,
                // as Keycloak's registration reads it; a realm that never set it requires verification
                uv == null || Constants.WEBAUTHN_POLICY_OPTION_REQUIRED.equals(uv));
    }

    /** The message key of the refusal, or null when the passkey is acceptable. */
    public String refusal(AttestationFacts facts, String postedAttachment) {
        String aaguid = facts.aaguid().toLowerCase(Locale.ROOT);
        boolean noAttestation = NoneAttestationStatement.FORMAT.equals(facts.format());
        if (config.deviceBoundOnly() && facts.backupEligible()) return "pkfErrorCreateSyncedRefused";
        if (config.aaguidDeny().contains(aaguid)) return "pkfErrorCreateModelRefused";
        if (!config.aaguidAllow().isEmpty() && !config.aaguidAllow().contains(aaguid)) return "pkfErrorCreateModelRefused";
        if (!realmAcceptableAaguids.isEmpty() && (noAttestation || !realmAcceptableAaguids.contains(aaguid))) {
            return "pkfErrorCreateModelRefused";
        }
        // self attestation proves nothing about the model: a software key can claim any AAGUID with it
        if (config.attestationRequired() && (noAttestation || !facts.certified())) return "pkfErrorCreateAttestationRequired";
        // the browser reports the attachment; absent is allowed (WebAuthn does not require it)
        if (requiredAttachment != null && postedAttachment != null && !requiredAttachment.equals(postedAttachment)) {
            return "pkfErrorCreateModelRefused";
        }
        return null;
    }
}
