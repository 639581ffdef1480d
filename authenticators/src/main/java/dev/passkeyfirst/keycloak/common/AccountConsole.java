package dev.passkeyfirst.keycloak.common;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;

/** Where our pages and emails send the user to look at the account: the realm's account console. */
public final class AccountConsole {

    private AccountConsole() {
    }

    public static String url(KeycloakSession session, RealmModel realm) {
        return Urls.accountBase(session.getContext().getUri().getBaseUri()).build(realm.getName()).toString();
    }
}
