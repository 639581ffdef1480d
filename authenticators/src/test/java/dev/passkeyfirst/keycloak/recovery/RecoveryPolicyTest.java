package dev.passkeyfirst.keycloak.recovery;

import static dev.passkeyfirst.keycloak.recovery.Proof.CODE;
import static dev.passkeyfirst.keycloak.recovery.Proof.EMAIL;
import static dev.passkeyfirst.keycloak.recovery.Proof.SMS;
import static dev.passkeyfirst.keycloak.recovery.RecoveryPolicy.Outcome.ACTIVE_NOW;
import static dev.passkeyfirst.keycloak.recovery.RecoveryPolicy.Outcome.AFTER_WAITING;
import static dev.passkeyfirst.keycloak.recovery.RecoveryPolicy.Outcome.NEED_MORE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** DESIGN §4.4's presets as a table: what the proofs given so far allow. */
class RecoveryPolicyTest {

    private static RecoveryPolicy.Decision strict(Set<Proof> available, Set<Proof> presented) {
        return RecoveryPolicy.decide(true, 1440, available, presented);
    }

    @Test
    void strictWantsTwoProofsOfDifferentKindsAndOffersTheOthers() {
        RecoveryPolicy.Decision afterEmail = strict(EnumSet.of(EMAIL, CODE, SMS), EnumSet.of(EMAIL));
        assertEquals(NEED_MORE, afterEmail.outcome());
        assertEquals(EnumSet.of(CODE, SMS), afterEmail.offer());
        assertTrue(afterEmail.mayWait(), "a single proof may settle for the waiting period instead");
        assertEquals(ACTIVE_NOW, strict(EnumSet.of(EMAIL, CODE, SMS), EnumSet.of(EMAIL, SMS)).outcome());
        assertEquals(ACTIVE_NOW, strict(EnumSet.of(EMAIL, CODE), EnumSet.of(CODE, EMAIL)).outcome());
    }

    @Test
    void strictWithOnlyOneKindOfProofWaits() {
        RecoveryPolicy.Decision d = strict(EnumSet.of(EMAIL), EnumSet.of(EMAIL));
        assertEquals(AFTER_WAITING, d.outcome());
        assertTrue(d.offer().isEmpty());
        assertFalse(d.mayWait(), "nothing else to offer: waiting is the outcome, not a choice");
    }

    @Test
    void strictWithoutAWaitingPeriodIsActiveAtOnceAfterOneProof() {
        assertEquals(ACTIVE_NOW, RecoveryPolicy.decide(true, 0, EnumSet.of(EMAIL), EnumSet.of(EMAIL)).outcome());
    }

    @Test
    void smsIsNeverEnoughAloneInAnyPreset() {
        for (boolean strict : new boolean[]{true, false}) {
            RecoveryPolicy.Decision d = RecoveryPolicy.decide(strict, 1440, EnumSet.of(EMAIL, SMS, CODE), EnumSet.of(SMS));
            assertEquals(NEED_MORE, d.outcome());
            assertFalse(d.offer().contains(SMS));
            assertFalse(d.mayWait(), "an SMS alone cannot even start a waiting period");
        }
        RecoveryPolicy.Decision onlySms = strict(EnumSet.of(SMS), EnumSet.of(SMS));
        assertEquals(NEED_MORE, onlySms.outcome());
        assertTrue(onlySms.offer().isEmpty(), "an account whose only proof is SMS cannot recover by itself");
    }

    @Test
    void consumerTakesOneEmailProof() {
        assertEquals(ACTIVE_NOW, RecoveryPolicy.decide(false, 1440, EnumSet.of(EMAIL, SMS), EnumSet.of(EMAIL)).outcome());
        assertEquals(ACTIVE_NOW, RecoveryPolicy.decide(false, 1440, EnumSet.of(CODE), EnumSet.of(CODE)).outcome());
    }

    @Test
    void nothingPresentedIsNeverEnough() {
        assertEquals(NEED_MORE, strict(EnumSet.of(EMAIL), EnumSet.noneOf(Proof.class)).outcome());
        assertEquals(NEED_MORE, RecoveryPolicy.decide(false, 0, EnumSet.of(EMAIL), EnumSet.noneOf(Proof.class)).outcome());
    }

    @Test
    void proofsTravelAsNotesAndUnknownWordsAreDropped() {
        assertEquals(EnumSet.of(EMAIL, SMS), Proof.parse("EMAIL, SMS,FORGED"));
        assertEquals("EMAIL,CODE", Proof.format(EnumSet.of(CODE, EMAIL)));
        assertTrue(Proof.parse(null).isEmpty());
    }
}
