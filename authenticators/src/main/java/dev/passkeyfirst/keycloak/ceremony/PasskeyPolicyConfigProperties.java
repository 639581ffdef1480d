package dev.passkeyfirst.keycloak.ceremony;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** The realm's passkey policy on the "Create a passkey" required action, as admins see it. */
public final class PasskeyPolicyConfigProperties {

    public static final String DEVICE_BOUND_ONLY = "pkf.deviceBoundOnly";
    public static final String AAGUID_ALLOW = "pkf.aaguidAllow";
    public static final String AAGUID_DENY = "pkf.aaguidDeny";
    public static final String ATTESTATION_REQUIRED = "pkf.attestationRequired";
    public static final String HINTS = "pkf.hints";

    public static final List<ProviderConfigProperty> ALL;

    static {
        List<ProviderConfigProperty> all = new ArrayList<>(ProviderConfigurationBuilder.create()
                .property().name(DEVICE_BOUND_ONLY).type(ProviderConfigProperty.BOOLEAN_TYPE)
                .label("Device-bound passkeys only")
                .helpText("Refuse passkeys that can be synced to other devices (backup eligible, BE=1), such as iCloud"
                        + " Keychain or Google Password Manager; accept security keys and other keys that never leave"
                        + " their device. Without verified attestation this flag is the authenticator's own claim.")
                .defaultValue("false").add()
                .property().name(AAGUID_ALLOW).type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .label("Allowed authenticator models (AAGUID)")
                .helpText("If set, only these AAGUIDs may create a passkey. AAGUIDs are the authenticator's own claim unless"
                        + " attestation is required and verified.")
                .add()
                .property().name(AAGUID_DENY).type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .label("Refused authenticator models (AAGUID)")
                .helpText("These AAGUIDs may never create a passkey.")
                .add()
                .property().name(ATTESTATION_REQUIRED).type(ProviderConfigProperty.BOOLEAN_TYPE)
                .label("Attestation required")
                .helpText("Refuse passkeys created without an attestation statement (format 'none'). Set the realm's"
                        + " WebAuthn Passwordless policy to ask for direct attestation and install trust anchors.")
                .defaultValue("false").add()
                .property().name(HINTS).type(ProviderConfigProperty.MULTIVALUED_LIST_TYPE)
                .label("WebAuthn hints")
                .helpText("Which kind of authenticator the browser should suggest first when creating a passkey.")
                .options("client-device", "hybrid", "security-key").add()
                .build());
        all.addAll(RequiredActionFactory.MAX_AUTH_AGE_CONFIG_PROPERTIES);
        ALL = List.copyOf(all);
    }

    private PasskeyPolicyConfigProperties() {
    }
}
