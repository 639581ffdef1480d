package dev.passkeyfirst.keycloak.metrics;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.passkeyfirst.keycloak.events.PkfEvent;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import dev.passkeyfirst.keycloak.events.SignInMethods;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import dev.passkeyfirst.keycloak.events.SignInMarks;
import org.keycloak.events.Event;
import org.keycloak.models.KeycloakSession;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;

/**
 * Counts our events on Keycloak's metrics endpoint ({@code /metrics} on the management port with
 * {@code --metrics-enabled=true}): every {@code pkf_action} by outcome, sign-ins by method and mode,
 * refused sign-ins by reason. Labels are the realm and words from closed sets only: never a user, a
 * credential or an address, so a scrape stays small however many users sign in.
 */
final class PkfMetricsListener implements EventListenerProvider {

    static final String EVENTS = "pkf_events";
    static final String SIGN_INS = "pkf_sign_ins";
    static final String SIGN_IN_FAILURES = "pkf_sign_in_failures";

    private static final Pattern WORD = Pattern.compile("[A-Za-z_]{1,64}");
    private static final Set<String> MODES = Set.of("conditional", "button", "username", "password", "recovery");

    private final MeterRegistry registry;
    private final KeycloakSession session;

    PkfMetricsListener(MeterRegistry registry, KeycloakSession session) {
        this.registry = registry;
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        // a sign-in followed by required actions reaches us as Keycloak's LOGIN without our marks
        Map<String, String> details = SignInMarks.details(session, event);
        String realm = realm(event);
        String action = details.get(PkfEvents.ACTION);
        boolean failed = event.getError() != null;
        if (PkfEvent.byAction(action) != null) {
            counter(EVENTS, "How often each Passkey First event happened (pkf_action), by outcome",
                    "realm", realm, "action", action, "outcome", failed ? "error" : "success").increment();
        }
        if (!failed && action != null && action.equals(PkfEvent.RECOVERY_PROOF.action())) {
            // a recovery proof signs the user in as a fallback session: a way in like the others
            counter(SIGN_INS, "Sign-ins through Passkey First, by method and how the sign-in started",
                    "realm", realm, "method", SignInMethods.fallback(details.get(PkfEvents.PROOF)), "mode", "recovery").increment();
        } else if (event.getType() == EventType.LOGIN && !failed && action != null) {
            String method = SignInMethods.of(action, details);
            if (method != null) {
                counter(SIGN_INS, "Sign-ins through Passkey First, by method and how the sign-in started",
                        "realm", realm, "method", method, "mode", mode(details)).increment();
            }
        } else if (event.getType() == EventType.LOGIN_ERROR && details.get(PkfEvents.SIGN_IN_MODE) != null) {
            String reason = details.getOrDefault(PkfEvents.REASON, event.getError());
            counter(SIGN_IN_FAILURES, "Refused sign-ins on the Passkey First page, by reason",
                    "realm", realm, "reason", word(reason)).increment();
        }
    }

    private static String mode(Map<String, String> details) {
        String mode = details.get(PkfEvents.SIGN_IN_MODE);
        return mode != null && MODES.contains(mode) ? mode : "other";
    }

    /** A message key or an error code: a closed set in practice; anything else collapses to "other". */
    static String word(String value) {
        return value != null && WORD.matcher(value).matches() ? value : "other";
    }

    private static String realm(Event event) {
        return event.getRealmName() != null ? event.getRealmName() : String.valueOf(event.getRealmId());
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
    }

    @Override
    public void close() {
    }
}
