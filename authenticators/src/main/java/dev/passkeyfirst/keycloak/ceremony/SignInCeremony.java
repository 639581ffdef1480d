package dev.passkeyfirst.keycloak.ceremony;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.core.MultivaluedMap;

import dev.passkeyfirst.keycloak.common.Places;
import dev.passkeyfirst.keycloak.common.Requests;
import dev.passkeyfirst.keycloak.model.LastUse;
import dev.passkeyfirst.keycloak.model.PasskeyFacts;
import dev.passkeyfirst.keycloak.model.PasskeyRecord;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.model.PasskeyUse;
import dev.passkeyfirst.keycloak.model.PendingPasskey;
import dev.passkeyfirst.keycloak.model.SignInRecord;
import dev.passkeyfirst.keycloak.session.PasskeySessions;
import dev.passkeyfirst.keycloak.util.CredentialIds;
import dev.passkeyfirst.keycloak.util.LogSafe;
import dev.passkeyfirst.keycloak.webauthn.AcceptedCredentials;
import dev.passkeyfirst.keycloak.webauthn.AssertionResponse;
import dev.passkeyfirst.keycloak.webauthn.BadInputException;
import dev.passkeyfirst.keycloak.webauthn.Challenges;
import dev.passkeyfirst.keycloak.webauthn.PasskeyVerifier;
import dev.passkeyfirst.keycloak.webauthn.RelyingParty;
import dev.passkeyfirst.keycloak.webauthn.StoredPasskey;
import dev.passkeyfirst.keycloak.webauthn.VerificationFailedException;
import dev.passkeyfirst.keycloak.webauthn.VerifiedAssertion;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;

import com.webauthn4j.converter.util.ObjectConverter;

/**
 * The one passkey sign-in check, for every ceremony that asks a passkey to prove the user: the
 * sign-in page, device A approving a new device, and whatever comes next. In order: every posted
 * field parsed and bounded; the account resolved (the one named, or the assertion's user handle);
 * the one credential the assertion names verified with webauthn4j (challenge, origin, rpIdHash, UP,
 * UV as asked, signature, counter never going back); the challenge claimed once across the cluster;
 * the use recorded. A refusal logs one escaped line and never touches Keycloak's brute-force count
 * (DESIGN §5: an attacker who knows a username must not be able to lock the account).
 *
 * <p>Built once by a factory and shared: webauthn4j's parts are thread-safe and costly to set up.
 */
public final class SignInCeremony {

    private static final Logger LOG = Logger.getLogger(SignInCeremony.class);

    private final PasskeyVerifier verifier;

    public SignInCeremony(ObjectConverter converter) {
        this.verifier = new PasskeyVerifier(converter);
    }

    /**
     * What the flow asks for.
     *
     * @param named                  an account was named (username step, approval on a signed-in device):
     *                               only {@code user}, with its passkeys as {@code allowCredentials}, may
     *                               answer, and a null {@code user} (a name with no passkey account) fails
     *                               like a wrong passkey; otherwise the assertion's user handle names the account
     * @param challengeLifetimeSeconds how long the challenge's claim must outlive it
     * @param lastUsedIntervalMillis how often the last-used facts are rewritten (0: at every use)
     */
    public record Expectation(boolean named, UserModel user, boolean userVerificationRequired, long challengeLifetimeSeconds,
                              long lastUsedIntervalMillis) {

        public static Expectation discoverable(boolean uv, long challengeLifetimeSeconds, long lastUsedIntervalMillis) {
            return new Expectation(false, null, uv, challengeLifetimeSeconds, lastUsedIntervalMillis);
        }

        public static Expectation account(UserModel user, boolean uv, long challengeLifetimeSeconds, long lastUsedIntervalMillis) {
            return new Expectation(true, user, uv, challengeLifetimeSeconds, lastUsedIntervalMillis);
        }
    }

    public sealed interface Result permits Success, Refused {
    }

    /**
     * The passkey proved the user.
     *
     * @param mayHavePending whether the account may hold pending passkeys (a new device awaiting approval, a
     *                       recovery waiting): false only when the read of the passkey's record said it holds
     *                       none, so the caller need not look
     * @param signalled      digest of what the Signal API last told this passkey's provider, or null
     */
    public record Success(UserModel user, StoredPasskey passkey, VerifiedAssertion verified, String attachment,
                          boolean mayHavePending, String signalled) implements Result {

        public PasskeySessions.Proof proof() {
            return new PasskeySessions.Proof(passkey.credentialModelId(), verified.deviceBound(), verified.userVerified(), attachment);
        }
    }

    /**
     * It did not.
     *
     * @param user              the account the assertion named, where one was found (for the event)
     * @param unknownCredential a credential id the named account does not hold (for the Signal API), else null
     * @param worksFrom         when the passkey used is a recovered one still waiting: when it will work (millis)
     */
    public record Refused(Refusal refusal, UserModel user, byte[] unknownCredential, Long worksFrom) implements Result {

        static Refused of(String messageKey, String reason) {
            return new Refused(new Refusal(messageKey, reason), null, null, null);
        }

        Refused forUser(UserModel u) {
            return new Refused(refusal, u, unknownCredential, worksFrom);
        }
    }

    public Result check(KeycloakSession session, RealmModel realm, MultivaluedMap<String, String> form, String challenge,
                        Expectation expect) {
        Result result = run(session, realm, form, challenge, expect);
        if (result instanceof Refused r) {
            LOG.warnf("passkey assertion refused in realm %s: %s", realm.getName(), LogSafe.text(r.refusal().reason()));
        }
        return result;
    }

    private Result run(KeycloakSession session, RealmModel realm, MultivaluedMap<String, String> form, String challenge,
                       Expectation expect) {
        AssertionResponse response;
        try {
            response = AssertionResponse.parse(form);
        } catch (BadInputException e) {
            return Refused.of("pkfErrorPasskeyInvalid", e.getMessage());
        }
        if (challenge == null) return Refused.of("pkfErrorPasskeyExpired", "no challenge in this authentication session");

        UserModel user = expect.user();
        List<byte[]> allowCredentials = null;
        if (expect.named() && user == null) {
            return Refused.of("pkfErrorPasskeyNotRecognized", "username step for an account without passkeys");
        }
        if (expect.named()) {
            if (response.userHandle() != null && !Arrays.equals(response.userHandle(), user.getId().getBytes(StandardCharsets.UTF_8))) {
                return Refused.of("pkfErrorPasskeyNotRecognized", "user handle belongs to another account than the one asked for");
            }
            allowCredentials = StoredPasskey.of(user).stream().map(StoredPasskey::rawId).toList();
        } else {
            if (response.userHandle() == null) return Refused.of("pkfErrorPasskeyNotRecognized", "discoverable assertion without user handle");
            String userId = utf8(response.userHandle());
            user = userId == null ? null : session.users().getUserById(realm, userId);
            if (user == null) return Refused.of("pkfErrorPasskeyNotRecognized", "user handle names no user of this realm");
        }

        Optional<StoredPasskey> stored = StoredPasskey.find(user, response.credentialId());
        if (stored.isEmpty() && PendingPasskeys.activateDue(session, realm, user)) {
            // a recovered passkey whose waiting period just ended: it is a credential from now on
            stored = StoredPasskey.find(user, response.credentialId());
        }
        if (stored.isEmpty()) return unknown(session, realm, user, response.credentialId()).forUser(user);

        PasskeyRecordStore records = session.getProvider(PasskeyRecordStore.class);
        // one query: our row, and whether the account holds pending passkeys the flow must look at
        Optional<SignInRecord> read = records.getForSignIn(realm, stored.get().credentialModelId(), Time.currentTimeMillis());
        Optional<PasskeyRecord> record = read.map(SignInRecord::record);
        // the newer of Keycloak's copy (its own steps update it) and ours (updated at every sign-in of ours)
        long knownSignCount = Math.max(stored.get().data().getCounter(), record.map(PasskeyRecord::signCount).orElse(0L));
        VerifiedAssertion verified;
        try {
            verified = verifier.verify(response, stored.get(), record.map(PasskeyRecord::backupEligible).orElse(null),
                    knownSignCount, RelyingParty.of(session), challenge, expect.userVerificationRequired(), allowCredentials);
        } catch (VerificationFailedException e) {
            return Refused.of("pkfErrorPasskeyNotRecognized", e.getMessage()).forUser(user);
        }
        if (!Challenges.claim(session, challenge, expect.challengeLifetimeSeconds())) {
            return Refused.of("pkfErrorPasskeyExpired", "challenge already used by another request").forUser(user);
        }
        if (!user.isEnabled()) return Refused.of("pkfErrorAccountDisabled", "account disabled").forUser(user);

        StoredPasskey passkey = stored.get();
        boolean lastUseWritten = records.recordUse(realm, new PasskeyUse(passkey.credentialModelId(), user.getId(),
                CredentialIds.hash(passkey.rawId()),
                new PasskeyFacts(passkey.data().getAaguid(), verified.backupEligible(), verified.backupState(), passkey.transports(), null),
                new LastUse(Time.currentTimeMillis(), Requests.agent(session), Requests.ip(session),
                        Places.of(session, realm, Requests.ip(session), session.getContext().resolveLocale(user).getLanguage())), verified.signCount()),
                expect.lastUsedIntervalMillis());
        if (lastUseWritten) updateKeycloakCounter(user, passkey, verified);
        return new Success(user, passkey, verified, response.authenticatorAttachment(),
                read.map(SignInRecord::accountHasPending).orElse(true), read.map(SignInRecord::signalled).orElse(null));
    }

    /**
     * The account does not hold this passkey as one that signs in here: a recovered one still waiting,
     * another credential of the account, or one it never had (or no longer has). Only the last is
     * "unknown" to the browser, whose provider then deletes it.
     */
    private static Refused unknown(KeycloakSession session, RealmModel realm, UserModel user, byte[] credentialId) {
        String hash = CredentialIds.hash(credentialId);
        long now = Time.currentTimeMillis();
        List<PendingPasskey> pending = session.getProvider(PasskeyRecordStore.class).getPendingOfUser(realm, user);
        Optional<PendingPasskey> waiting = pending.stream().filter(p -> hash.equals(p.credentialIdHash()) && p.waitingAt(now)).findFirst();
        if (waiting.isPresent()) {
            // never "unknown": a browser told so deletes the passkey before it is due to work
            return new Refused(new Refusal("pkfErrorPasskeyWaiting", "recovered passkey still in its waiting period"), user, null,
                    waiting.get().activateAt());
        }
        if (AcceptedCredentials.of(user, pending, null).contains(CredentialIds.base64Url(credentialId))) {
            // a second-factor key of Keycloak's, or a new device's passkey awaiting approval: the account's own
            return new Refused(new Refusal("pkfErrorPasskeyNotRecognized", "credential of the account that does not sign in here"), user,
                    null, null);
        }
        return new Refused(new Refusal("pkfErrorPasskeyNotRecognized", "credential is not one of the account's passkeys"), user,
                credentialId, null);
    }

    /**
     * Brings Keycloak's own copy of the counter up to date, as often as the last-used facts are written
     * (every few minutes), not at every sign-in: rewriting Keycloak's credential evicts the whole user
     * from Keycloak's cache, so the next request reloads the user, its attributes, credentials, groups
     * and roles (ten statements instead of one). Our record holds the counter of every sign-in, and
     * our check takes the higher of the two; Keycloak's own WebAuthn steps, should they be used for
     * this passkey, check against their copy, which is then at most a few minutes behind.
     */
    private static void updateKeycloakCounter(UserModel user, StoredPasskey stored, VerifiedAssertion verified) {
        // authenticators that keep no counter (most synced passkeys) always send 0: nothing to write
        if (verified.signCount() <= stored.data().getCounter()) return;
        WebAuthnCredentialModel model = stored.model();
        model.updateCounter(verified.signCount());
        user.credentialManager().updateStoredCredential(model);
    }

    /** User handles are the UTF-8 bytes of Keycloak's user id; anything else names no user. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
