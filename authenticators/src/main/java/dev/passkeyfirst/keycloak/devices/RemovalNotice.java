package dev.passkeyfirst.keycloak.devices;

import dev.passkeyfirst.keycloak.common.AccountConsole;
import java.util.HashMap;
import java.util.Map;

import dev.passkeyfirst.keycloak.notify.Notifications;
import dev.passkeyfirst.keycloak.util.UserAgents;
import dev.passkeyfirst.keycloak.webauthn.AuthenticatorNames;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** The email that tells the owner a passkey was removed, wherever it was removed (DESIGN §5). */
final class RemovalNotice {

    private RemovalNotice() {
    }

    static void send(KeycloakSession session, RealmModel realm, UserModel user, String label, String aaguid) {
        String provider = aaguid == null ? null : AuthenticatorNames.provider(session, aaguid);
        String userAgent = session.getContext().getRequestHeaders() == null ? null
                : session.getContext().getRequestHeaders().getHeaderString("User-Agent");
        Map<String, Object> mail = new HashMap<>();
        mail.put("passkeyName", label == null ? "" : label);
        mail.put("provider", provider == null ? "" : provider);
        mail.put("agent", userAgent == null ? "" : UserAgents.summarize(userAgent).text());
        mail.put("accountUrl", AccountConsole.url(session, realm));
        Notifications.sendAfterCommit(session, realm, user, "pkf-passkey-removed.ftl", "pkfEmailPasskeyRemovedSubject", mail);
    }
}
