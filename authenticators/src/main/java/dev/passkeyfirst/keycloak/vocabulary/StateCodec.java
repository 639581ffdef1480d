package dev.passkeyfirst.keycloak.vocabulary;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one place where state that crosses requests (a pairing, a link's entry) turns into the
 * string map Keycloak's single-use store keeps, and back. A record's components are its keys (a
 * nested record's are {@code outer.inner}); values are strings, numbers, booleans and enums; null is
 * left out. What cannot be read back (an entry from another version, a forged one) reads as absent,
 * never as an exception.
 */
public final class StateCodec {

    private StateCodec() {
    }

    public static Map<String, String> write(Record state) {
        Map<String, String> out = new HashMap<>();
        write(state, "", out);
        return out;
    }

    private static void write(Record state, String prefix, Map<String, String> out) {
        for (RecordComponent c : state.getClass().getRecordComponents()) {
            Object v;
            try {
                // a flow's state is a package-private record of its own
                c.getAccessor().setAccessible(true);
                v = c.getAccessor().invoke(state);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("record " + state.getClass().getSimpleName() + " is not readable", e);
            }
            if (v instanceof Record nested) {
                write(nested, prefix + c.getName() + ".", out);
            } else if (v != null) {
                out.put(prefix + c.getName(), v instanceof Enum<?> e ? e.name() : v.toString());
            }
        }
    }

    public static <R extends Record> Optional<R> read(Map<String, String> entry, Class<R> type) {
        if (entry == null) return Optional.empty();
        try {
            return Optional.of(read(entry, "", type));
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @SuppressWarnings("unchecked")
    private static <R extends Record> R read(Map<String, String> entry, String prefix, Class<R> type) throws ReflectiveOperationException {
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            String name = prefix + components[i].getName();
            if (types[i].isRecord()) {
                boolean present = entry.keySet().stream().anyMatch(k -> k.startsWith(name + "."));
                args[i] = present ? read(entry, name + ".", (Class<? extends Record>) types[i]) : null;
            } else {
                args[i] = value(entry.get(name), types[i]);
            }
        }
        Constructor<R> constructor = type.getDeclaredConstructor(types);
        constructor.setAccessible(true);
        return constructor.newInstance(args);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object value(String s, Class<?> type) {
        if (type == String.class) return s;
        if (type == long.class) return s == null ? 0L : Long.parseLong(s);
        if (type == Long.class) return s == null ? null : Long.valueOf(s);
        if (type == int.class) return s == null ? 0 : Integer.parseInt(s);
        if (type == Integer.class) return s == null ? null : Integer.valueOf(s);
        if (type == boolean.class) return Boolean.parseBoolean(s);
        if (type == Boolean.class) return s == null ? null : Boolean.valueOf(s);
        if (type.isEnum()) return s == null ? null : Enum.valueOf((Class<Enum>) type, s);
        throw new IllegalArgumentException("no codec for " + type);
    }
}
