package dev.passkeyfirst.keycloak.enroll;

import java.util.Optional;
import java.util.UUID;

import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.model.PendingPasskey;
import dev.passkeyfirst.keycloak.register.CreationOptions;
import dev.passkeyfirst.keycloak.register.PasskeyPolicy;
import dev.passkeyfirst.keycloak.util.CredentialIds;
import dev.passkeyfirst.keycloak.util.UserAgents;
import dev.passkeyfirst.keycloak.webauthn.AttestationFacts;
import dev.passkeyfirst.keycloak.webauthn.AuthenticatorNames;
import dev.passkeyfirst.keycloak.webauthn.Challenges;
import dev.passkeyfirst.keycloak.webauthn.RegistrationResponse;
import dev.passkeyfirst.keycloak.webauthn.RelyingParty;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.WebAuthnCredentialModelInput;
import org.keycloak.credential.WebAuthnCredentialProvider;
import org.keycloak.credential.WebAuthnPasswordlessCredentialProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.WebAuthnPolicy;
import org.keycloak.models.credential.WebAuthnCredentialModel;

import com.webauthn4j.WebAuthnRegistrationManager;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.RegistrationRequest;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;

/**
 * A new passkey that is verified now but trusted later (a device waiting for approval, a recovery
 * in its waiting period): every check of a normal registration, then a row in our pending table
 * holding Keycloak's own credential format.
 */
public final class PendingRegistrations {

    /** Why a registration was refused: the message key for the page and one line for the log. */
    public record Refusal(String messageKey, String reason) {
    }

    public record Result(PendingPasskey pending, Refusal refusal) {
        static Result refused(String key, String reason) {
            return new Result(null, new Refusal(key, reason));
        }
    }

    private PendingRegistrations() {
    }

    public static Result register(KeycloakSession session, RealmModel realm, UserModel user, WebAuthnRegistrationManager manager,
                                  RegistrationResponse response, AttestationFacts facts, String challenge,
                                  PendingPasskey.Purpose purpose, String ceremonyId, long expiresAt, Long activateAt) {
        String policyRefusal = PasskeyPolicy.of(realm).refusal(facts);
        if (policyRefusal != null) return Result.refused(policyRefusal, "policy " + policyRefusal);
        PasskeyRecordStore records = session.getProvider(PasskeyRecordStore.class);
        if (records.credentialIdInUse(realm, response.credentialId()) || records.pendingCredentialIdInUse(realm, response.credentialId())) {
            return Result.refused("pkfErrorCreateAlreadyRegistered", "credential id already registered");
        }
        if (challenge == null || !Challenges.claim(session, challenge, CreationOptions.timeoutSeconds(realm))) {
            return Result.refused("pkfErrorCreateExpired", "challenge missing or already used");
        }
        WebAuthnCredentialModel model;
        try {
            model = verified(session, realm, manager, response, challenge);
        } catch (RuntimeException e) {
            return Result.refused("pkfErrorCreateFailed", "attestation: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        String agent = UserAgents.summarize(session.getContext().getRequestHeaders().getHeaderString("User-Agent")).text();
        String label = AuthenticatorNames.chosenOrDefault(response.label(), AuthenticatorNames.provider(session, facts.aaguid()), agent);
        PendingPasskey pending = new PendingPasskey(UUID.randomUUID().toString(), realm.getId(), user.getId(), purpose, ceremonyId,
                CredentialIds.hash(response.credentialId()), model.getCredentialData(), model.getSecretData(), label,
                facts.aaguid(), facts.backupEligible(), facts.backupState(), response.transports(), facts.format(), agent,
                session.getContext().getConnection().getRemoteAddr(), Time.currentTimeMillis(), expiresAt, activateAt);
        if (!records.addPending(pending)) return Result.refused("pkfErrorCreateAlreadyRegistered", "credential id already pending");
        return new Result(pending, null);
    }

    /** Keycloak's attestation verification (the realm's verifiers and trust anchors), then Keycloak's own credential format. */
    private static WebAuthnCredentialModel verified(KeycloakSession session, RealmModel realm, WebAuthnRegistrationManager manager,
                                                    RegistrationResponse response, String challenge) {
        WebAuthnPolicy policy = realm.getWebAuthnPolicyPasswordless();
        RelyingParty rp = RelyingParty.of(session);
        RegistrationData data = manager.parse(new RegistrationRequest(response.attestationObject(), response.clientDataJSON(), response.transports()));
        boolean uvRequired = policy.getUserVerificationRequirement() == null || "required".equals(policy.getUserVerificationRequirement());
        manager.verify(data, new RegistrationParameters(new ServerProperty(rp.origins(), rp.id(), new DefaultChallenge(challenge)),
                CreationOptions.algorithms(policy), uvRequired));
        WebAuthnCredentialModelInput input = new WebAuthnCredentialModelInput(WebAuthnCredentialModel.TYPE_PASSWORDLESS);
        input.setAttestedCredentialData(data.getAttestationObject().getAuthenticatorData().getAttestedCredentialData());
        input.setCount(data.getAttestationObject().getAuthenticatorData().getSignCount());
        input.setAttestationStatementFormat(data.getAttestationObject().getFormat());
        input.setTransports(data.getTransports());
        WebAuthnCredentialProvider provider = (WebAuthnCredentialProvider) session.getProvider(CredentialProvider.class,
                WebAuthnPasswordlessCredentialProviderFactory.PROVIDER_ID);
        return provider.getCredentialModelFromCredentialInput(input, "pending");
    }

}
