package dev.passkeyfirst.keycloak.common;

import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;

/**
 * Our required actions that register no passkey: applications may start them ({@code kc_action}),
 * nothing triggers them by itself, and they hold nothing to close.
 */
public interface PkfRequiredAction extends RequiredActionProvider {

    @Override
    default InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    default void evaluateTriggers(RequiredActionContext context) {
    }

    @Override
    default void close() {
    }
}
