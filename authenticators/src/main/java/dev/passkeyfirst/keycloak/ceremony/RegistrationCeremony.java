package dev.passkeyfirst.keycloak.ceremony;

import java.util.UUID;

import jakarta.ws.rs.core.MultivaluedMap;

import dev.passkeyfirst.keycloak.common.AfterRequest;
import dev.passkeyfirst.keycloak.common.Requests;
import dev.passkeyfirst.keycloak.events.PkfEvent;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.model.Added;
import dev.passkeyfirst.keycloak.model.Enrollment;
import dev.passkeyfirst.keycloak.model.LastUse;
import dev.passkeyfirst.keycloak.model.PasskeyFacts;
import dev.passkeyfirst.keycloak.model.PasskeyRecord;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.model.PendingPasskey;
import dev.passkeyfirst.keycloak.model.RecoveryDueMark;
import dev.passkeyfirst.keycloak.util.CredentialIds;
import dev.passkeyfirst.keycloak.util.LogSafe;
import dev.passkeyfirst.keycloak.vocabulary.SingleUseKeys;
import dev.passkeyfirst.keycloak.webauthn.AttestationFacts;
import dev.passkeyfirst.keycloak.webauthn.AuthenticatorNames;
import dev.passkeyfirst.keycloak.webauthn.BadInputException;
import dev.passkeyfirst.keycloak.webauthn.Challenges;
import dev.passkeyfirst.keycloak.webauthn.FormFields;
import dev.passkeyfirst.keycloak.webauthn.RegistrationResponse;
import dev.passkeyfirst.keycloak.webauthn.RelyingParty;
import org.jboss.logging.Logger;
import org.keycloak.WebAuthnConstants;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.WebAuthnCredentialModelInput;
import org.keycloak.credential.WebAuthnCredentialProvider;
import org.keycloak.credential.WebAuthnPasswordlessCredentialProviderFactory;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;

import com.webauthn4j.WebAuthnRegistrationManager;
import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.RegistrationRequest;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;

/**
 * The one registration pipeline, for every way a passkey comes to an account: this device, device B
 * of a pairing, a recovery, sign-up. In order: the prompt's own error; every posted field's shape;
 * the posted id bound to the authenticator data and a public key that can verify anything; the
 * realm's policy; the id unique in the realm; the challenge and the id claimed once across the
 * cluster; the attestation verified by Keycloak's own verifiers and trust anchors; then stored as a
 * Keycloak credential (with our facts, the event and the owner's notice) or held pending.
 *
 * <p>A flow says what it wants in a {@link Request}; the pipeline does the rest. Built once by a
 * factory and shared.
 */
public final class RegistrationCeremony {

    private static final Logger LOG = Logger.getLogger(RegistrationCeremony.class);
    /** How long a credential id stays claimed by the registration that is verifying it. */
    private static final long CREDENTIAL_CLAIM_SECONDS = 300;

    private final AttestationObjectConverter converter;

    public RegistrationCeremony(ObjectConverter objectConverter) {
        this.converter = new AttestationObjectConverter(objectConverter);
    }

    /** Where a verified passkey goes. */
    public sealed interface Destination permits Store, Hold {
    }

    /** Straight into the account, as {@code how}, approved by the passkey {@code from} where another device approved it. */
    public record Store(Enrollment how, String from) implements Destination {
    }

    /** Held pending (a new device awaiting approval, a recovery), not yet usable by anything. */
    public record Hold(PendingPasskey.Purpose purpose, String ceremonyId, long expiresAt, Long activateAt) implements Destination {
    }

    /**
     * @param challenge       the challenge the page was given (from the flow's auth note), null if none
     * @param event           the flow's event, for the record of what happened
     * @param automaticUpgrade a conditional create right after a password sign-in: the password manager
     *                        creates the passkey without a prompt, so neither user presence nor
     *                        verification is asked of it (DESIGN §4.6). Only that flow sets it, for that
     *                        one ceremony; everything else about the passkey is checked as always.
     */
    public record Request(UserModel user, String challenge, Destination destination, EventBuilder event, boolean automaticUpgrade) {
        public Request(UserModel user, String challenge, Destination destination, EventBuilder event) {
            this(user, challenge, destination, event, false);
        }
    }

    public sealed interface Result permits Stored, Held, Cancelled, Refused {
    }

    public record Stored(String credentialModelId, String label, AttestationFacts facts) implements Result {
    }

    public record Held(PendingPasskey pending) implements Result {
    }

    /** The browser's prompt ended without a credential (cancelled, timed out): the page may simply try again. */
    public record Cancelled() implements Result {
    }

    public record Refused(Refusal refusal) implements Result {
    }

    /**
     * @param manager Keycloak's attestation verification for the realm's policy, as its own
     *                registration builds it ({@code WebAuthnRegister#createWebAuthnRegistrationManager})
     */
    public Result register(KeycloakSession session, RealmModel realm, MultivaluedMap<String, String> form, Request request,
                           WebAuthnRegistrationManager manager) {
        Result result = run(session, realm, form, request, manager);
        if (result instanceof Refused r) {
            LOG.warnf("passkey registration refused in realm %s for user %s: %s", realm.getName(), request.user().getId(),
                    LogSafe.text(r.refusal().reason()));
            PkfEvent.PASSKEY_REFUSED.from(request.event()).detail(PkfEvents.REASON, r.refusal().messageKey())
                    .error(Errors.INVALID_REGISTRATION);
        }
        return result;
    }

    private Result run(KeycloakSession session, RealmModel realm, MultivaluedMap<String, String> form, Request request,
                       WebAuthnRegistrationManager manager) {
        UserModel user = request.user();
        RegistrationResponse response;
        AttestationFacts facts;
        try {
            if (FormFields.single(form, WebAuthnConstants.ERROR, 512) != null) return new Cancelled();
            response = RegistrationResponse.parse(form);
            facts = AttestationFacts.read(converter, response.attestationObject(), response.credentialId());
        } catch (BadInputException e) {
            return refused("pkfErrorCreateInvalid", e.getMessage());
        }
        PasskeyPolicy policy = PasskeyPolicy.of(realm);
        String policyRefusal = policy.refusal(facts, response.attachment());
        if (policyRefusal != null) {
            return refused(policyRefusal, "policy " + policyRefusal + " (aaguid " + facts.aaguid() + ", BE=" + facts.backupEligible() + ")");
        }
        PasskeyRecordStore records = session.getProvider(PasskeyRecordStore.class);
        byte[] credentialId = response.credentialId();
        if (records.credentialIdInUse(realm, credentialId) || records.pendingCredentialIdInUse(realm, credentialId)) {
            return refused("pkfErrorCreateAlreadyRegistered", "credential id already registered in this realm");
        }
        String challenge = request.challenge();
        if (challenge == null || !Challenges.claim(session, challenge, CreationOptions.timeoutSeconds(realm))) {
            return refused("pkfErrorCreateExpired", "challenge missing or already used");
        }
        // a second registration of the same authenticator racing this one loses here; once this
        // transaction has ended, the tables say whether the id is taken, so the claim goes (a passkey
        // held for a pairing that was then aborted may be registered again at once)
        String claim = SingleUseKeys.CREDENTIAL + realm.getId() + "." + CredentialIds.hash(credentialId);
        if (!session.singleUseObjects().putIfAbsent(claim, CREDENTIAL_CLAIM_SECONDS)) {
            return refused("pkfErrorCreateAlreadyRegistered", "credential id being registered by another request");
        }
        AfterRequest.removeSingleUse(session, claim);
        WebAuthnCredentialModel model;
        String agent = Requests.agent(session);
        String label = AuthenticatorNames.unique(user,
                AuthenticatorNames.chosenOrDefault(response.label(), AuthenticatorNames.provider(session, facts.aaguid()), agent));
        try {
            model = verified(session, realm, manager, response, challenge, policy, label, request.automaticUpgrade());
        } catch (RuntimeException e) {
            // the exception names the failed check; its message would quote what the attacker sent
            return refused("pkfErrorCreateFailed", "attestation: " + e.getClass().getSimpleName());
        }
        PasskeyFacts known = new PasskeyFacts(facts.aaguid(), facts.backupEligible(), facts.backupState(), response.transports(), facts.format());
        long now = Time.currentTimeMillis();
        if (request.destination() instanceof Hold hold) {
            PendingPasskey pending = new PendingPasskey(UUID.randomUUID().toString(), realm.getId(), user.getId(), hold.purpose(),
                    hold.ceremonyId(), CredentialIds.hash(credentialId),
                    new PendingPasskey.KeycloakForm(model.getCredentialData(), model.getSecretData(), label), known,
                    new LastUse(now, agent, Requests.ip(session), null), hold.expiresAt(), hold.activateAt());
            if (!records.addPending(pending)) return refused("pkfErrorCreateAlreadyRegistered", "credential id already pending");
            // a passkey held until a time: the username step looks for due passkeys only from this mark on
            if (pending.timedRecovery()) RecoveryDueMark.waitsUntil(user, pending.activateAt());
            return new Held(pending);
        }
        Store store = (Store) request.destination();
        WebAuthnCredentialProvider provider = webAuthnProvider(session);
        CredentialModel created = provider.createCredential(realm, user, model);
        records.add(new PasskeyRecord(created.getId(), realm.getId(), user.getId(), CredentialIds.hash(credentialId), known,
                new Added(store.how(), store.from(), now, agent), LastUse.NEVER, 0));
        PkfEvent.PASSKEY_ADDED.from(request.event()).user(user).detail(PkfEvents.CREDENTIAL_ID, created.getId())
                .detail(PkfEvents.ENROLLMENT, store.how().name()).success();
        PasskeyNotices.added(session, realm, user, label, facts.aaguid(), agent, store.how(), facts.backupEligible());
        return new Stored(created.getId(), label, facts);
    }

    /** Keycloak's attestation verification (the realm's verifiers and trust anchors), then Keycloak's own credential format. */
    private static WebAuthnCredentialModel verified(KeycloakSession session, RealmModel realm, WebAuthnRegistrationManager manager,
                                                    RegistrationResponse response, String challenge, PasskeyPolicy policy, String label,
                                                    boolean automaticUpgrade) {
        RelyingParty rp = RelyingParty.of(session);
        RegistrationData data = manager.parse(new RegistrationRequest(response.attestationObject(), response.clientDataJSON(),
                response.transports()));
        manager.verify(data, new RegistrationParameters(new ServerProperty(rp.origins(), rp.id(), new DefaultChallenge(challenge)),
                CreationOptions.algorithms(realm.getWebAuthnPolicyPasswordless()),
                !automaticUpgrade && policy.userVerificationRequired(), !automaticUpgrade));
        WebAuthnCredentialModelInput input = new WebAuthnCredentialModelInput(WebAuthnCredentialModel.TYPE_PASSWORDLESS);
        input.setAttestedCredentialData(data.getAttestationObject().getAuthenticatorData().getAttestedCredentialData());
        input.setCount(data.getAttestationObject().getAuthenticatorData().getSignCount());
        input.setAttestationStatementFormat(data.getAttestationObject().getFormat());
        input.setTransports(data.getTransports());
        return webAuthnProvider(session).getCredentialModelFromCredentialInput(input, label);
    }

    /** Keycloak's passkey credential provider: ours in its place notes each credential id it stores. */
    static WebAuthnCredentialProvider webAuthnProvider(KeycloakSession session) {
        return (WebAuthnCredentialProvider) session.getProvider(CredentialProvider.class, WebAuthnPasswordlessCredentialProviderFactory.PROVIDER_ID);
    }

    private static Refused refused(String key, String reason) {
        return new Refused(new Refusal(key, reason));
    }
}
