package dev.passkeyfirst.keycloak.ceremony;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.passkeyfirst.keycloak.common.PageData;
import dev.passkeyfirst.keycloak.util.CredentialIds;
import dev.passkeyfirst.keycloak.webauthn.Challenges;
import dev.passkeyfirst.keycloak.webauthn.RelyingParty;
import org.keycloak.WebAuthnConstants;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.WebAuthnPolicy;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;

/**
 * {@code PublicKeyCredentialCreationOptions} for a page's script, read from the realm's WebAuthn
 * Passwordless policy the way Keycloak's own registration reads it, so a passkey made by any of
 * our pages is one Keycloak would have made.
 */
public final class CreationOptions {

    private CreationOptions() {
    }

    /** The challenge for a page that creates a passkey, kept in Keycloak's own WebAuthn note. */
    public static String challenge(KeycloakSession session, AuthenticationSessionModel authSession) {
        return Challenges.forPage(session, authSession, WebAuthnConstants.AUTH_CHALLENGE_NOTE, timeoutSeconds(authSession.getRealm()));
    }

    public static PageData build(KeycloakSession session, RealmModel realm, UserModel user, String challenge, List<String> hints) {
        WebAuthnPolicy policy = realm.getWebAuthnPolicyPasswordless();
        RelyingParty rp = RelyingParty.of(session);
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
        return new PageData()
                .put("challenge", challenge)
                .put("rp", Map.of("id", rp.id(), "name", rp.name()))
                .put("user", Map.of("id", CredentialIds.base64Url(user.getId().getBytes(StandardCharsets.UTF_8)),
                        "name", user.getUsername(), "displayName", displayName))
                .put("pubKeyCredParams", algorithms(policy).stream()
                        .map(p -> Map.of("type", "public-key", "alg", p.getAlg().getValue())).toList())
                .put("timeout", timeoutSeconds(realm) * 1000L)
                .put("attestation", specified(policy.getAttestationConveyancePreference(), "none"))
                .put("authenticatorSelection", selection)
                .put("excludeCredentials", exclude)
                .put("hints", hints);
    }

    /** The algorithms the realm's policy names; the ones Keycloak defaults to when it names none. */
    public static List<PublicKeyCredentialParameters> algorithms(WebAuthnPolicy policy) {
        List<String> names = policy.getSignatureAlgorithm() == null || policy.getSignatureAlgorithm().isEmpty()
                ? List.of(Constants.DEFAULT_WEBAUTHN_POLICY_SIGNATURE_ALGORITHMS.split(",")) : policy.getSignatureAlgorithm();
        List<PublicKeyCredentialParameters> out = new ArrayList<>();
        for (String n : names) {
            COSEAlgorithmIdentifier id = switch (n.trim()) {
                case "ES256" -> COSEAlgorithmIdentifier.ES256;
                case "ES384" -> COSEAlgorithmIdentifier.ES384;
                case "ES512" -> COSEAlgorithmIdentifier.ES512;
                case "RS256" -> COSEAlgorithmIdentifier.RS256;
                case "RS384" -> COSEAlgorithmIdentifier.RS384;
                case "RS512" -> COSEAlgorithmIdentifier.RS512;
                case "Ed25519", "EdDSA" -> COSEAlgorithmIdentifier.EdDSA;
                case "RS1" -> COSEAlgorithmIdentifier.RS1;
                default -> null;
            };
            if (id != null) out.add(new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, id));
        }
        return out;
    }

    public static long timeoutSeconds(RealmModel realm) {
        int t = realm.getWebAuthnPolicyPasswordless().getCreateTimeout();
        return t > 0 ? t : 300;
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
}
