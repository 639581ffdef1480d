package dev.passkeyfirst.keycloak.register;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import dev.passkeyfirst.keycloak.common.PageData;
import dev.passkeyfirst.keycloak.common.PasskeySessions;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.model.Enrollment;
import dev.passkeyfirst.keycloak.model.PasskeyRecord;
import dev.passkeyfirst.keycloak.model.PasskeyRecordStore;
import dev.passkeyfirst.keycloak.notify.Notifications;
import dev.passkeyfirst.keycloak.util.CredentialIds;
import dev.passkeyfirst.keycloak.util.UserAgents;
import dev.passkeyfirst.keycloak.webauthn.BadInputException;
import dev.passkeyfirst.keycloak.webauthn.Challenges;
import dev.passkeyfirst.keycloak.webauthn.FormFields;
import dev.passkeyfirst.keycloak.webauthn.RelyingParty;
import dev.passkeyfirst.keycloak.webauthn.StoredPasskey;
import org.jboss.logging.Logger;
import org.keycloak.WebAuthnConstants;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.authenticators.browser.WebAuthnMetadataService;
import org.keycloak.authentication.requiredactions.WebAuthnPasswordlessRegister;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.WebAuthnCredentialProvider;
import org.keycloak.credential.WebAuthnPasswordlessCredentialProviderFactory;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.WebAuthnPolicy;
import org.keycloak.models.credential.WebAuthnCredentialModel;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.verifier.attestation.trustworthiness.certpath.CertPathTrustworthinessVerifier;

/**
 * "Create a passkey on this device". Keycloak's own passwordless registration verifies and stores
 * the credential; this step shows our page (an editable name prefilled from the device, no
 * {@code window.prompt}), always sends {@code excludeCredentials} and hints, and before delegating
 * checks what Keycloak does not: every posted field's shape, that the posted id is the one in the
 * authenticator data, the realm's device-bound and AAGUID policy, uniqueness of the id in the realm,
 * that this session may add a passkey at all, and one cluster-wide claim of the challenge.
 */
public class CreatePasskeyAction extends WebAuthnPasswordlessRegister {

    private static final Logger LOG = Logger.getLogger(CreatePasskeyAction.class);

    static final String TEMPLATE = "pkf-create-passkey.ftl";
    static final int LABEL_MAX = 64;

    private final KeycloakSession session;
    private final AttestationObjectConverter attestationConverter;

    public CreatePasskeyAction(KeycloakSession session, CertPathTrustworthinessVerifier trust,
                               AttestationObjectConverter attestationConverter) {
        super(session, trust);
        this.session = session;
        this.attestationConverter = attestationConverter;
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        UserModel user = context.getUser();
        if (Constants.KC_ACTION_PARAMETER_SKIP_IF_EXISTS.equals(context.getAuthenticationSession().getClientNote(Constants.KC_ACTION_PARAMETER))
                && !StoredPasskey.of(user).isEmpty()) {
            context.success();
            return;
        }
        context.challenge(page(context, mayAddPasskey(context) ? null : "pkfErrorCreateNeedsPasskeySignIn"));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        UserModel user = context.getUser();
        RealmModel realm = context.getRealm();
        CreatePasskeyConfig config = CreatePasskeyConfig.of(context.getConfig());
        context.getEvent().detail(Details.CREDENTIAL_TYPE, WebAuthnCredentialModel.TYPE_PASSWORDLESS);

        if (!mayAddPasskey(context)) {
            refuse(context, "session did not sign in with a passkey", "pkfErrorCreateNeedsPasskeySignIn");
            return;
        }
        String promptError;
        byte[] clientData;
        byte[] attestationObject;
        byte[] credentialId;
        String label;
        Set<String> transports;
        AttestationFacts facts;
        try {
            promptError = FormFields.single(form, WebAuthnConstants.ERROR, 512);
            if (promptError != null) {
                LOG.debugf("passkey creation prompt ended without a credential: %s", promptError);
                context.challenge(page(context, "pkfErrorCreateCancelled"));
                return;
            }
            clientData = FormFields.base64Url(form, WebAuthnConstants.CLIENT_DATA_JSON, 32, 4096, true);
            attestationObject = FormFields.base64Url(form, WebAuthnConstants.ATTESTATION_OBJECT, 37, 64 * 1024, true);
            credentialId = FormFields.base64Url(form, WebAuthnConstants.PUBLIC_KEY_CREDENTIAL_ID, 1, 1023, true);
            label = cleanLabel(FormFields.single(form, WebAuthnConstants.AUTHENTICATOR_LABEL, 1024));
            transports = AttestationFacts.transports(FormFields.single(form, WebAuthnConstants.TRANSPORTS, 256));
            String attachment = FormFields.single(form, WebAuthnConstants.AUTHENTICATOR_ATTACHMENT, 32);
            if (attachment != null && !attachment.equals("platform") && !attachment.equals("cross-platform")) {
                throw new BadInputException("authenticatorAttachment unknown");
            }
            facts = AttestationFacts.read(attestationConverter, attestationObject, credentialId);
        } catch (BadInputException e) {
            refuse(context, e.getMessage(), "pkfErrorCreateInvalid");
            return;
        }
        if (clientData.length == 0) {
            refuse(context, "empty client data", "pkfErrorCreateInvalid");
            return;
        }

        String policyRefusal = policyRefusal(config, facts);
        if (policyRefusal != null) {
            context.getEvent().detail(PkfEvents.PROVIDER, facts.aaguid());
            refuse(context, "policy: " + policyRefusal + " (aaguid " + facts.aaguid() + ", BE=" + facts.backupEligible() + ")", policyRefusal);
            return;
        }
        PasskeyRecordStore records = session.getProvider(PasskeyRecordStore.class);
        if (records.credentialIdInUse(realm, credentialId)) {
            refuse(context, "credential id already registered in this realm", "pkfErrorCreateAlreadyRegistered");
            return;
        }
        String challenge = context.getAuthenticationSession().getAuthNote(WebAuthnConstants.AUTH_CHALLENGE_NOTE);
        if (challenge == null || !Challenges.claim(session, challenge, timeoutSeconds(realm))) {
            context.getAuthenticationSession().removeAuthNote(WebAuthnConstants.AUTH_CHALLENGE_NOTE);
            refuse(context, "challenge missing or already used", "pkfErrorCreateExpired");
            return;
        }
        // also claims the id: a second registration of the same authenticator racing this one loses here
        if (!session.singleUseObjects().putIfAbsent("pkf.credential." + realm.getId() + "." + CredentialIds.hash(credentialId), 300)) {
            refuse(context, "credential id being registered by another request", "pkfErrorCreateAlreadyRegistered");
            return;
        }

        // Keycloak verifies the attestation (challenge, origin, rpIdHash, UP/UV, algorithm, the
        // realm's own AAGUID list) and stores the credential.
        super.processAction(context);
        if (context.getStatus() != RequiredActionContext.Status.SUCCESS) {
            LOG.warnf("passkey creation refused by Keycloak's verification in realm %s for user %s", realm.getName(), user.getId());
            context.challenge(page(context, "pkfErrorCreateFailed"));
            return;
        }
        Optional<StoredPasskey> created = StoredPasskey.find(user, credentialId);
        if (created.isEmpty()) {
            // Keycloak reported success without storing what the authenticator data holds: undo nothing, refuse loudly
            LOG.errorf("passkey creation: Keycloak stored no credential with the attested id for user %s", user.getId());
            context.challenge(page(context, "pkfErrorCreateFailed"));
            return;
        }
        String agent = UserAgents.summarize(userAgent()).text();
        String provider = providerName(facts.aaguid());
        // the name field comes prefilled with the browser and OS; left as it was, it gains the provider's name
        String finalLabel = label != null && !label.equals(agent) ? label : defaultLabel(provider, agent);
        String credentialModelId = created.get().credentialModelId();
        user.credentialManager().updateCredentialLabel(credentialModelId, finalLabel);
        Enrollment enrollment = enrollment(context);
        records.add(new PasskeyRecord(credentialModelId, realm.getId(), user.getId(), CredentialIds.hash(credentialId),
                facts.aaguid(), facts.backupEligible(), facts.backupState(), transports, facts.format(), enrollment, null,
                Time.currentTimeMillis(), agent, null, null, null, null, 0));

        Map<String, Object> mail = new HashMap<>();
        mail.put("passkeyName", finalLabel);
        mail.put("provider", provider == null ? "" : provider);
        mail.put("agent", agent == null ? "" : agent);
        mail.put("enrollment", enrollment.name());
        mail.put("synced", facts.backupEligible());
        mail.put("accountUrl", accountUrl(realm));
        Notifications.sendAfterCommit(session, realm, user, "pkf-passkey-added.ftl", "pkfEmailPasskeyAddedSubject", mail);
        LOG.debugf("passkey %s created for user %s (enrollment %s)", credentialModelId, user.getId(), enrollment);
    }

    /**
     * Only a session that proved one of the account's passkeys may add another: a session of a
     * lower level (a password, an email link) must go through recovery (DESIGN §5). An account
     * without passkeys may create its first one.
     */
    boolean mayAddPasskey(RequiredActionContext context) {
        if (StoredPasskey.of(context.getUser()).isEmpty()) return true;
        return PasskeySessions.lastPasskeySignIn(session, context.getRealm(), context.getAuthenticationSession()).isPresent();
    }

    private static String policyRefusal(CreatePasskeyConfig config, AttestationFacts facts) {
        String aaguid = facts.aaguid().toLowerCase(Locale.ROOT);
        if (config.deviceBoundOnly() && facts.backupEligible()) return "pkfErrorCreateSyncedRefused";
        if (config.aaguidDeny().contains(aaguid)) return "pkfErrorCreateModelRefused";
        if (!config.aaguidAllow().isEmpty() && !config.aaguidAllow().contains(aaguid)) return "pkfErrorCreateModelRefused";
        if (config.attestationRequired() && NoneAttestationStatement.FORMAT.equals(facts.format())) return "pkfErrorCreateAttestationRequired";
        return null;
    }

    private Response page(RequiredActionContext context, String error) {
        UserModel user = context.getUser();
        RealmModel realm = context.getRealm();
        WebAuthnPolicy policy = realm.getWebAuthnPolicyPasswordless();
        CreatePasskeyConfig config = CreatePasskeyConfig.of(context.getConfig());
        RelyingParty rp = RelyingParty.of(session);
        String challenge = Challenges.create();
        context.getAuthenticationSession().setAuthNote(WebAuthnConstants.AUTH_CHALLENGE_NOTE, challenge);

        Map<String, Object> selection = new LinkedHashMap<>();
        String residentKey = residentKey(policy);
        selection.put("residentKey", residentKey);
        selection.put("requireResidentKey", "required".equals(residentKey));
        selection.put("userVerification", specified(policy.getUserVerificationRequirement(), "required"));
        String attachment = specified(policy.getAuthenticatorAttachment(), null);
        if (attachment != null) selection.put("authenticatorAttachment", attachment);

        // every WebAuthn credential of the account, second-factor keys included: one authenticator, one passkey
        List<Map<String, Object>> exclude = new ArrayList<>();
        user.credentialManager().getStoredCredentialsStream()
                .filter(c -> WebAuthnCredentialModel.TYPE_PASSWORDLESS.equals(c.getType()) || WebAuthnCredentialModel.TYPE_TWOFACTOR.equals(c.getType()))
                .forEach(c -> {
                    try {
                        var data = WebAuthnCredentialModel.createFromCredentialModel(c).getWebAuthnCredentialData();
                        exclude.add(Map.of("id", CredentialIds.base64Url(CredentialIds.fromKeycloakForm(data.getCredentialId())),
                                "transports", data.getTransports() == null ? List.of() : data.getTransports().stream().sorted().toList()));
                    } catch (RuntimeException unreadable) {
                        // nothing to exclude from a row we cannot read
                    }
                });

        String displayName = Stream.of(user.getFirstName(), user.getLastName()).filter(s -> s != null && !s.isBlank())
                .reduce((a, b) -> a + " " + b).orElse(user.getUsername());
        PageData data = new PageData()
                .put("challenge", challenge)
                .put("rp", Map.of("id", rp.id(), "name", rp.name()))
                .put("user", Map.of("id", CredentialIds.base64Url(user.getId().getBytes(StandardCharsets.UTF_8)),
                        "name", user.getUsername(), "displayName", displayName))
                .put("pubKeyCredParams", algorithms(policy.getSignatureAlgorithm()))
                .put("timeout", timeoutSeconds(realm) * 1000L)
                .put("attestation", specified(policy.getAttestationConveyancePreference(), "none"))
                .put("authenticatorSelection", selection)
                .put("excludeCredentials", exclude)
                .put("hints", config.hints());

        String agent = UserAgents.summarize(userAgent()).text();
        LoginFormsProvider form = context.form()
                .setAttribute("pkfCreate", new CreatePasskeyPage(agent == null ? "" : agent, config.deviceBoundOnly(),
                        isAppInitiated(context), mayAddPasskey(context), data.json()));
        if (error != null) form.setError(error);
        return form.createForm(TEMPLATE);
    }

    private void refuse(RequiredActionContext context, String reason, String message) {
        LOG.warnf("passkey creation refused in realm %s for user %s: %s", context.getRealm().getName(), context.getUser().getId(), reason);
        context.getEvent().clone().detail(PkfEvents.ACTION, PkfEvents.PASSKEY_REFUSED).detail(PkfEvents.REASON, reason)
                .error(Errors.INVALID_REGISTRATION);
        context.challenge(page(context, message));
    }

    private static boolean isAppInitiated(RequiredActionContext context) {
        return context.getAuthenticationSession().getClientNote(Constants.KC_ACTION) != null;
    }

    private Enrollment enrollment(RequiredActionContext context) {
        return context.getAuthenticationSession().getAuthNote(PasskeySignUpFormAction.NOTE_SIGN_UP) != null
                ? Enrollment.SIGN_UP : Enrollment.THIS_DEVICE;
    }

    private String providerName(String aaguid) {
        WebAuthnCredentialProvider provider = (WebAuthnCredentialProvider) session.getProvider(CredentialProvider.class,
                WebAuthnPasswordlessCredentialProviderFactory.PROVIDER_ID);
        if (provider == null) return null;
        WebAuthnMetadataService metadata = provider.getMetadataService();
        return metadata == null ? null : metadata.getAuthenticatorProvider(aaguid);
    }

    /** "iCloud Keychain, Safari on macOS"; whichever half is known; or a plain word. */
    static String defaultLabel(String provider, String agent) {
        String label = provider != null && agent != null ? provider + ", " + agent : provider != null ? provider : agent;
        return label == null ? "Passkey" : cleanLabel(label);
    }

    /** Keeps a label printable and short; null when nothing is left, so the default applies. */
    static String cleanLabel(String raw) {
        if (raw == null) return null;
        StringBuilder b = new StringBuilder();
        raw.codePoints().filter(cp -> !Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT)
                .forEach(b::appendCodePoint);
        String s = b.toString().strip().replaceAll("\\s+", " ");
        if (s.isEmpty()) return null;
        return s.length() > LABEL_MAX ? s.substring(0, s.offsetByCodePoints(0, Math.min(LABEL_MAX, s.codePointCount(0, s.length())))) : s;
    }

    private static String residentKey(WebAuthnPolicy policy) {
        String rk = specified(policy.getResidentKey(), null);
        if (rk != null) return rk;
        String legacy = policy.getRequireResidentKey();
        if ("Yes".equals(legacy)) return "required";
        if ("No".equals(legacy)) return "discouraged";
        return "required";
    }

    private static String specified(String value, String def) {
        return value == null || value.isBlank() || Constants.DEFAULT_WEBAUTHN_POLICY_NOT_SPECIFIED.equals(value) ? def : value;
    }

    private static List<Map<String, Object>> algorithms(List<String> names) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<String> list = names == null || names.isEmpty() ? List.of("ES256", "RS256") : names;
        for (String n : list) {
            Long id = switch (n) {
                case "ES256" -> COSEAlgorithmIdentifier.ES256.getValue();
                case "ES384" -> COSEAlgorithmIdentifier.ES384.getValue();
                case "ES512" -> COSEAlgorithmIdentifier.ES512.getValue();
                case "RS256" -> COSEAlgorithmIdentifier.RS256.getValue();
                case "RS384" -> COSEAlgorithmIdentifier.RS384.getValue();
                case "RS512" -> COSEAlgorithmIdentifier.RS512.getValue();
                case "Ed25519", "EdDSA" -> COSEAlgorithmIdentifier.EdDSA.getValue();
                case "RS1" -> COSEAlgorithmIdentifier.RS1.getValue();
                default -> null;
            };
            if (id != null) out.add(Map.of("type", "public-key", "alg", id));
        }
        return out;
    }

    private static long timeoutSeconds(RealmModel realm) {
        int t = realm.getWebAuthnPolicyPasswordless().getCreateTimeout();
        return t > 0 ? t : 300;
    }

    private String accountUrl(RealmModel realm) {
        return session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName()).path("account").build().toString();
    }

    private String userAgent() {
        return session.getContext().getRequestHeaders().getHeaderString("User-Agent");
    }
}
