package dev.passkeyfirst.keycloak.recovery;

import java.util.EnumSet;
import java.util.Set;

/** The kinds of proof a recovery accepts. */
public enum Proof {
    EMAIL, CODE, SMS;

    /** "EMAIL,CODE" in an authentication-session note. */
    public static Set<Proof> parse(String note) {
        Set<Proof> out = EnumSet.noneOf(Proof.class);
        if (note == null) return out;
        for (String s : note.split(",")) {
            for (Proof p : values()) if (p.name().equals(s.trim())) out.add(p);
        }
        return out;
    }

    public static String format(Set<Proof> proofs) {
        return String.join(",", proofs.stream().map(Enum::name).toList());
    }
}
