package dev.passkeyfirst.keycloak.recovery;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.keycloak.models.UserModel;
import org.keycloak.models.credential.RecoveryAuthnCodesCredentialModel;

/** What an account can prove itself with, as the realm configured the recovery. */
public final class AccountProofs {

    public static final String PHONE = "phoneNumber";
    public static final String PHONE_VERIFIED = "phoneNumberVerified";
    /** Set by "this wasn't me": email and SMS stop proving anything until the next passkey sign-in. */
    public static final String FROZEN = "pkf.recoveryFrozen";

    private AccountProofs() {
    }

    public static Set<Proof> available(UserModel user, RecoveryConfig config) {
        Set<Proof> out = EnumSet.noneOf(Proof.class);
        boolean frozen = frozen(user);
        if (config.emailProof() && !frozen && user.getEmail() != null && user.isEmailVerified()) out.add(Proof.EMAIL);
        if (config.codeProof() && RecoveryCodes.hasCodes(user)) out.add(Proof.CODE);
        if (config.smsProof() && !frozen && phone(user).isPresent()) out.add(Proof.SMS);
        return out;
    }

    public static Optional<String> phone(UserModel user) {
        String phone = user.getFirstAttribute(PHONE);
        if (phone == null || phone.isBlank() || !"true".equals(user.getFirstAttribute(PHONE_VERIFIED))) return Optional.empty();
        return Optional.of(phone.trim());
    }

    /** "***12": shown only once a first proof was given. */
    public static String maskedPhone(String phone) {
        String digits = phone.replaceAll("[^0-9]", "");
        return "***" + (digits.length() >= 2 ? digits.substring(digits.length() - 2) : "");
    }

    public static boolean frozen(UserModel user) {
        return "true".equals(user.getFirstAttribute(FROZEN));
    }

    public static void freeze(UserModel user) {
        user.setAttribute(FROZEN, List.of("true"));
    }

    public static void unfreeze(UserModel user) {
        if (frozen(user)) user.removeAttribute(FROZEN);
    }

    static boolean isCodesType(String type) {
        return RecoveryAuthnCodesCredentialModel.TYPE.equals(type);
    }
}
