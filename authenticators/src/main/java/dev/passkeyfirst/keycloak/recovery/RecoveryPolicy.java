package dev.passkeyfirst.keycloak.recovery;

import java.util.EnumSet;
import java.util.Set;

/**
 * When the proofs presented in a recovery are enough, and whether the new passkey works at once or
 * waits. Pure logic, decided on the server from what the account really has.
 */
public final class RecoveryPolicy {

    public enum Outcome { NEED_MORE, ACTIVE_NOW, AFTER_WAITING }

    /** @param offer further proofs to offer; {@code mayWait} whether the user may settle for a waiting period */
    public record Decision(Outcome outcome, Set<Proof> offer, boolean mayWait) {
    }

    private RecoveryPolicy() {
    }

    public static Decision decide(boolean strict, int waitingMinutes, Set<Proof> available, Set<Proof> presented) {
        Set<Proof> offer = EnumSet.noneOf(Proof.class);
        offer.addAll(available);
        offer.removeAll(presented);
        boolean smsOnly = presented.equals(EnumSet.of(Proof.SMS));
        if (presented.isEmpty() || smsOnly) {
            // SMS is never enough alone (SIM swaps): ask for something else
            offer.remove(Proof.SMS);
            return new Decision(Outcome.NEED_MORE, offer, false);
        }
        if (!strict) return new Decision(Outcome.ACTIVE_NOW, Set.of(), false);
        if (presented.size() >= 2) return new Decision(Outcome.ACTIVE_NOW, Set.of(), false);
        Outcome single = waitingMinutes > 0 ? Outcome.AFTER_WAITING : Outcome.ACTIVE_NOW;
        if (offer.isEmpty()) return new Decision(single, Set.of(), false);
        return new Decision(Outcome.NEED_MORE, offer, true);
    }
}
