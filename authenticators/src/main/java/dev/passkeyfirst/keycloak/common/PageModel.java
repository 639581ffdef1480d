package dev.passkeyfirst.keycloak.common;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A page's model, written as a record, the way our templates read it: a map from each component's
 * name to its value, nested records and lists of them likewise, and null as "" (a template never
 * meets a missing value). Keycloak's FreeMarker reads bean properties but not record components,
 * so pages are records in Java and maps in templates, with no getters written out by hand.
 */
public final class PageModel {

    /**
     * Each page record's components with their accessors opened once: every sign-in page goes through
     * here, and opening an accessor again for every request showed in the benchmark's profile. It holds
     * classes only, never a page's values.
     */
    private static final ClassValue<List<Component>> COMPONENTS = new ClassValue<>() {
        @Override
        protected List<Component> computeValue(Class<?> type) {
            return Arrays.stream(type.getRecordComponents()).map(c -> {
                // a page's model is a package-private record of its flow
                c.getAccessor().setAccessible(true);
                return new Component(c.getName(), c.getAccessor());
            }).toList();
        }
    };

    private record Component(String name, Method accessor) {
    }

    private PageModel() {
    }

    public static Map<String, Object> of(Record page) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Component c : COMPONENTS.get(page.getClass())) {
            try {
                out.put(c.name(), value(c.accessor().invoke(page)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("page " + page.getClass().getSimpleName() + " is not readable", e);
            }
        }
        return out;
    }

    private static Object value(Object v) {
        if (v == null) return "";
        if (v instanceof Record r) return of(r);
        if (v instanceof List<?> list) return list.stream().map(PageModel::value).toList();
        return v;
    }
}
