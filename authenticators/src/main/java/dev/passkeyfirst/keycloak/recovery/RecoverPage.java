package dev.passkeyfirst.keycloak.recovery;

import java.util.List;

/** What {@code pkf-recover.ftl} reads as {@code pkfRecover}: one view of the recovery after the first proof. */
record RecoverPage(String view, List<String> offer, boolean mayWait, int waitingMinutes, String maskedPhone, List<String> codes,
                   String data, String suggestedName, long activeFrom, List<Passkey> otherPasskeys, List<String> identityProviders) {

    /** A passkey the account held before the recovery, offered for removal in the review. */
    record Passkey(String id, String label, String created) {
    }
}
