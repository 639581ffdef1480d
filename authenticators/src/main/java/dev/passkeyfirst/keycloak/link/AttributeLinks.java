package dev.passkeyfirst.keycloak.link;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.passkeyfirst.keycloak.util.Secrets;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/**
 * Links in notices that must outlive a restart of every node ("this wasn't me" stays usable for days):
 * each is a user attribute (stored with the user, in the database) holding its expiry and a few fields,
 * named by a hash of the link's secret so that reading the attributes does not give the link. A
 * single-use claim makes one POST the winner across the cluster; the attribute goes in the same
 * transaction, so a used link stays used after a restart too.
 *
 * @param prefix   the attribute prefix of this kind of link ("pkf.notme.")
 * @param usedKey  the single-use key prefix of this kind
 * @param lifetimeMillis how long a link of this kind lives
 */
public record AttributeLinks(String prefix, String usedKey, long lifetimeMillis) {

    /** A new link's secret, holding {@code fields} (none may contain '|'); expired links of this kind are dropped on the way. */
    public String create(UserModel user, String... fields) {
        long now = Time.currentTimeMillis();
        List<String> expired = user.getAttributes().entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .filter(e -> parse(e.getValue().isEmpty() ? null : e.getValue().get(0), now).isEmpty())
                .map(Map.Entry::getKey).toList();
        expired.forEach(user::removeAttribute);
        String id = Secrets.id();
        List<String> parts = new ArrayList<>();
        parts.add(Long.toString(now + lifetimeMillis));
        for (String f : fields) parts.add(f == null ? "" : f.replace("|", ""));
        user.setSingleAttribute(prefix + Secrets.sha256(id), String.join("|", parts));
        return id;
    }

    /** The fields of a link of this user, while it is valid and unused (empty strings read as null). */
    public Optional<List<String>> find(UserModel user, String id) {
        if (user == null || !Secrets.isId(id)) return Optional.empty();
        return parse(user.getFirstAttribute(prefix + Secrets.sha256(id)), Time.currentTimeMillis());
    }

    /** Uses the link: exactly one caller across the cluster gets its fields, and the link is gone. */
    public Optional<List<String>> take(KeycloakSession session, UserModel user, String id) {
        Optional<List<String>> fields = find(user, id);
        if (fields.isEmpty()) return Optional.empty();
        if (!session.singleUseObjects().putIfAbsent(usedKey + Secrets.sha256(id), lifetimeMillis / 1000)) return Optional.empty();
        user.removeAttribute(prefix + Secrets.sha256(id));
        return fields;
    }

    private static Optional<List<String>> parse(String value, long now) {
        if (value == null) return Optional.empty();
        String[] parts = value.split("\\|", -1);
        if (parts.length < 2) return Optional.empty();
        try {
            if (Long.parseLong(parts[0]) < now) return Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(Arrays.stream(parts, 1, parts.length).map(s -> s.isEmpty() ? null : s).toList());
    }
}
