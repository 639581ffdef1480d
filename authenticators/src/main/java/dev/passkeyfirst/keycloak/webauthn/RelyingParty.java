package dev.passkeyfirst.keycloak.webauthn;

import java.util.LinkedHashSet;
import java.util.Set;

import org.keycloak.common.util.UriUtils;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.WebAuthnPolicy;

import com.webauthn4j.data.client.Origin;

/**
 * Who we are to the authenticator: the rpId and the origins an assertion may come from, taken from
 * the realm's passwordless WebAuthn policy exactly as Keycloak's own steps take them, so our passkeys
 * and Keycloak's are interchangeable.
 */
public record RelyingParty(String id, String name, Set<Origin> origins) {

    public static RelyingParty of(KeycloakSession session) {
        WebAuthnPolicy policy = session.getContext().getRealm().getWebAuthnPolicyPasswordless();
        var baseUri = session.getContext().getUri().getBaseUri();
        String rpId = policy.getRpId();
        if (rpId == null || rpId.isBlank()) rpId = baseUri.getHost();
        Set<Origin> origins = new LinkedHashSet<>();
        origins.add(new Origin(UriUtils.getOrigin(baseUri)));
        if (policy.getExtraOrigins() != null) policy.getExtraOrigins().forEach(o -> origins.add(new Origin(o)));
        String name = policy.getRpEntityName();
        return new RelyingParty(rpId, name == null || name.isBlank() ? "keycloak" : name, Set.copyOf(origins));
    }
}
