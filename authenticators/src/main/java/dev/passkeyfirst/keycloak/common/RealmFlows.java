package dev.passkeyfirst.keycloak.common;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.RealmModel;

/** What a realm's bound flows hold: settings one flow reads from a step of another. */
public final class RealmFlows {

    private RealmFlows() {
    }

    /**
     * Whether the realm chose the pack: one of our required actions is enabled, or its browser flow
     * holds our sign-in. A realm that did neither keeps Keycloak's own behaviour everywhere, even where
     * we take over a step of Keycloak's by its id.
     */
    public static boolean usesPack(RealmModel realm) {
        return realm.getRequiredActionProvidersStream().anyMatch(a -> a.isEnabled() && a.getProviderId() != null
                        && a.getProviderId().startsWith("pkf-"))
                || holds(realm, realm.getBrowserFlow(), ProviderIds.PASSKEY_LOGIN);
    }

    /** The config of the first execution of {@code providerId} in {@code flow} or its sub-flows; empty map if none. */
    public static Map<String, String> stepConfig(RealmModel realm, AuthenticationFlowModel flow, String providerId) {
        if (flow == null) return Map.of();
        return find(realm, flow.getId(), providerId).map(AuthenticatorConfigModel::getConfig).orElse(Map.of());
    }

    /** Whether {@code flow} or one of its sub-flows holds an execution of {@code providerId}. */
    public static boolean holds(RealmModel realm, AuthenticationFlowModel flow, String providerId) {
        return flow != null && holds(realm, flow.getId(), providerId);
    }

    private static boolean holds(RealmModel realm, String flowId, String providerId) {
        return realm.getAuthenticationExecutionsStream(flowId).anyMatch(e -> e.isAuthenticatorFlow()
                ? holds(realm, e.getFlowId(), providerId) : providerId.equals(e.getAuthenticator()));
    }

    private static Optional<AuthenticatorConfigModel> find(RealmModel realm, String flowId, String providerId) {
        return realm.getAuthenticationExecutionsStream(flowId).map(e -> {
            if (e.isAuthenticatorFlow()) return find(realm, e.getFlowId(), providerId).orElse(null);
            if (providerId.equals(e.getAuthenticator()) && e.getAuthenticatorConfig() != null) {
                return realm.getAuthenticatorConfigById(e.getAuthenticatorConfig());
            }
            return null;
        }).filter(Objects::nonNull).findFirst();
    }
}
