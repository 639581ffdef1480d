package dev.passkeyfirst.keycloak.recovery;

import dev.passkeyfirst.keycloak.account.RecoveryCodes;
import dev.passkeyfirst.keycloak.account.RecoveryMethods;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import dev.passkeyfirst.keycloak.account.Recoveries;
import org.keycloak.models.UserModel;

/** What an account can prove itself with, as the realm configured the recovery. */
public final class AccountProofs {

    public static final String PHONE = RecoveryMethods.PHONE;
    public static final String PHONE_VERIFIED = RecoveryMethods.PHONE_VERIFIED;

    private AccountProofs() {
    }

    /** None at all while the account is frozen: "this wasn't me" stops every recovery until a passkey signs in. */
    public static Set<Proof> available(UserModel user, RecoveryConfig config) {
        Set<Proof> out = EnumSet.noneOf(Proof.class);
        if (Recoveries.frozen(user) || !user.isEnabled()) return out;
        if (config.emailProof() && user.getEmail() != null && user.isEmailVerified()) out.add(Proof.EMAIL);
        if (config.codeProof() && RecoveryCodes.hasCodes(user)) out.add(Proof.CODE);
        if (config.smsProof() && phone(user).isPresent()) out.add(Proof.SMS);
        return out;
    }

    public static Optional<String> phone(UserModel user) {
        return RecoveryMethods.phone(user);
    }

    /** "***12": shown only once a first proof was given. */
    public static String maskedPhone(String phone) {
        String digits = phone.replaceAll("[^0-9]", "");
        return "***" + (digits.length() >= 2 ? digits.substring(digits.length() - 2) : "");
    }
}
