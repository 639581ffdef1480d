package dev.passkeyfirst.keycloak.events;

import java.util.Locale;

import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;

/**
 * The catalog of our events: each one's {@link PkfEvents#ACTION} value, the Keycloak event type it
 * rides on, and when it fires. Code emits events only through this enum, so the catalog cannot miss
 * one.
 */
public enum PkfEvent {

    // sign-in
    PASSKEY_SIGN_IN(EventType.LOGIN, "a passkey signed the user in"),
    PASSKEY_OFFER_DECLINED(EventType.CUSTOM_REQUIRED_ACTION, "the offer of a passkey on this device was declined"),
    PASSWORD_SIGN_IN(EventType.LOGIN, "a password signed the user in on our page (level 1 unless mapped otherwise)"),
    PLACE_PROOF_ASKED(EventType.CUSTOM_REQUIRED_ACTION, "a passkey sign-in from a place new to the account was asked for a second proof"),
    PLACE_CODE_SENT(EventType.SEND_VERIFY_EMAIL, "a code for a sign-in from a new place was emailed"),
    PLACE_PROOF_REFUSED(EventType.LOGIN_ERROR, "the second proof of a sign-in from a new place was refused (pkf_reason)"),

    // activity
    SIGN_IN_NOTICE_SENT(EventType.CUSTOM_REQUIRED_ACTION, "a sign-in from a browser or place new to the account was emailed to its owner (pkf_new)"),
    SIGN_IN_DISOWNED(EventType.LOGOUT, "\"this wasn't me\" on a sign-in notice ended that sign-in's sessions and froze fallbacks"),

    // moving password users to passkeys
    NUDGE_SHOWN(EventType.CUSTOM_REQUIRED_ACTION, "after a password sign-in, the page offering a passkey was shown"),
    NUDGE_CREATED(EventType.CUSTOM_REQUIRED_ACTION, "the user created a passkey from that offer"),
    NUDGE_SKIPPED(EventType.CUSTOM_REQUIRED_ACTION, "the user chose \"Not now\" (pkf_skips: how many times so far)"),
    NUDGE_NEVER(EventType.CUSTOM_REQUIRED_ACTION, "the user chose \"Don't ask again\""),
    UPGRADE_CREATED(EventType.CUSTOM_REQUIRED_ACTION, "a passkey was created without a prompt after a password sign-in (conditional create)"),
    UPGRADE_REMOVED(EventType.CUSTOM_REQUIRED_ACTION, "the user removed the passkey an automatic upgrade had just created"),
    PASSWORD_REMOVED(EventType.REMOVE_CREDENTIAL, "the user removed their password: the account is passkey-only"),
    RECOVERY_CODES_CREATED(EventType.UPDATE_CREDENTIAL, "the user created or renewed their recovery codes on the passkeys page"),

    // passkeys
    PASSKEY_ADDED(EventType.UPDATE_CREDENTIAL, "a passkey became a credential of the account, however it came"),
    PASSKEY_REFUSED(EventType.UPDATE_CREDENTIAL, "a new passkey was refused (input, policy, verification)"),
    PASSKEY_RENAMED(EventType.CUSTOM_REQUIRED_ACTION, "the user renamed a passkey"),
    PASSKEY_REMOVED(EventType.CUSTOM_REQUIRED_ACTION, "a passkey was removed: by the user on the passkeys page, by \"this wasn't me\" (pkf_reason not_me), with a recovery still under review that was ended (recovery_ended)"),
    PASSKEY_REMOVED_AT_RECOVERY(EventType.CUSTOM_REQUIRED_ACTION, "a lost passkey was removed in a recovery's review"),
    PASSKEY_SESSIONS_ENDED(EventType.CUSTOM_REQUIRED_ACTION, "the sessions a passkey signed in were ended"),

    // add a device
    ADD_DEVICE_STARTED(EventType.CUSTOM_REQUIRED_ACTION, "device A showed a new pairing link"),
    ADD_DEVICE_LINK_EMAILED(EventType.CUSTOM_REQUIRED_ACTION, "device A emailed the pairing link"),
    ADD_DEVICE_OPENED(EventType.CUSTOM_REQUIRED_ACTION, "device B took the pairing link"),
    ADD_DEVICE_SECOND_DEVICE(EventType.CUSTOM_REQUIRED_ACTION, "a second device opened a taken link: the pairing is aborted"),
    ADD_DEVICE_PASSKEY_PENDING(EventType.CUSTOM_REQUIRED_ACTION, "device B's passkey is held pending, its code shown"),
    ADD_DEVICE_PASSKEY_REFUSED(EventType.CUSTOM_REQUIRED_ACTION, "device B's passkey was refused"),
    ADD_DEVICE_WRONG_CODE(EventType.CUSTOM_REQUIRED_ACTION, "a wrong code was typed on device A: the pairing is aborted"),
    ADD_DEVICE_APPROVAL_REFUSED(EventType.CUSTOM_REQUIRED_ACTION, "device A's approving assertion was refused"),
    ADD_DEVICE_APPROVED(EventType.CUSTOM_REQUIRED_ACTION, "device A approved: device B's passkey is a credential"),
    ADD_DEVICE_DENIED(EventType.CUSTOM_REQUIRED_ACTION, "device A denied the pairing"),
    ADD_DEVICE_ABORTED(EventType.CUSTOM_REQUIRED_ACTION, "the pairing ended without a passkey (see pkf_reason)"),
    ADD_DEVICE_EXPIRED(EventType.CUSTOM_REQUIRED_ACTION, "the pairing device A showed ran out"),
    ADD_DEVICE_COMPLETED(EventType.CUSTOM_REQUIRED_ACTION, "device B finished after the approval"),

    // recovery
    RECOVERY_LINK_SENT(EventType.SEND_RESET_PASSWORD, "a recovery link was sent"),
    RECOVERY_LINK_NOT_SENT(EventType.SEND_RESET_PASSWORD_ERROR, "no recovery link went out (unknown, limited, frozen)"),
    RECOVERY_PROOF(EventType.RESET_PASSWORD, "a recovery proof was given (pkf_method)"),
    RECOVERY_CODE_REFUSED(EventType.RESET_PASSWORD_ERROR, "a recovery, email or SMS code was refused"),
    RECOVERY_REFUSED(EventType.RESET_PASSWORD_ERROR, "a recovery could not go on: the account is frozen or its recoveries were ended"),
    RECOVERY_WAITING(EventType.UPDATE_CREDENTIAL, "a recovered passkey waits out its waiting period"),
    RECOVERY_COMPLETED(EventType.UPDATE_CREDENTIAL, "a recovered passkey is active"),
    RECOVERY_CANCELLED_FROM_DEVICE(EventType.CUSTOM_REQUIRED_ACTION, "a device of the owner ended the recoveries under way"),
    RECOVERY_CANCELLED_BY_OWNER(EventType.CUSTOM_REQUIRED_ACTION, "\"this wasn't me\" ended the recoveries and froze fallbacks"),

    // email sign-in link
    SIGN_IN_LINK_SENT(EventType.SEND_RESET_PASSWORD, "an email sign-in link was sent"),
    SIGN_IN_LINK_NOT_SENT(EventType.SEND_RESET_PASSWORD_ERROR, "no sign-in link went out (unknown, limited, not eligible)"),
    SIGN_IN_LINK_USED(EventType.LOGIN, "an email sign-in link signed the user in (a fallback session)"),
    SIGN_IN_LINK_REFUSED(EventType.LOGIN_ERROR, "a confirmed sign-in link was refused (the account changed since)");

    public final EventType type;
    public final String when;

    PkfEvent(EventType type, String when) {
        this.type = type;
        this.when = when;
    }

    /** The value of {@link PkfEvents#ACTION}. */
    public String action() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The event whose {@link #action()} this is; null for anything else (another pack's, a forged value). */
    public static PkfEvent byAction(String action) {
        if (action == null) return null;
        for (PkfEvent e : values()) {
            if (e.action().equals(action)) return e;
        }
        return null;
    }

    /** A new event of this kind, with what {@code base} already knows (realm, client, user, session, IP). */
    public EventBuilder from(EventBuilder base) {
        return base.clone().event(type).detail(PkfEvents.ACTION, action());
    }

    /** Marks the flow's own event (the LOGIN of a sign-in) as this action, without a new event. */
    public EventBuilder mark(EventBuilder flowEvent) {
        return flowEvent.detail(PkfEvents.ACTION, action());
    }
}
