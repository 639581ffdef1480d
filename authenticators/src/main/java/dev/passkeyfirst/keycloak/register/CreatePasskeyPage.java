package dev.passkeyfirst.keycloak.register;

/**
 * What {@code pkf-create-passkey.ftl} reads as {@code pkfCreate}.
 *
 * @param allowed        false when this session may not add a passkey (DESIGN §5): the page explains instead of offering it
 * @param anotherDevice  offer "add another device" instead (the account already has a passkey somewhere)
 * @param managePasskeys offer "your passkeys" (list, rename, remove): the only way there from the stock account console
 * @param offer          shown as an offer after a sign-in with a phone's passkey: say so, and let the user decline
 */
record CreatePasskeyPage(String suggestedName, boolean deviceBoundOnly, boolean appInitiated, boolean allowed,
                         boolean anotherDevice, boolean managePasskeys, boolean offer, String data) {
}
