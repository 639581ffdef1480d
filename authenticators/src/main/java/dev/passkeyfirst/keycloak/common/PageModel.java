package dev.passkeyfirst.keycloak.common;

import java.lang.reflect.RecordComponent;
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

    private PageModel() {
    }

    public static Map<String, Object> of(Record page) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent c : page.getClass().getRecordComponents()) {
            try {
                // a page's model is a package-private record of its flow
                c.getAccessor().setAccessible(true);
                out.put(c.getName(), value(c.getAccessor().invoke(page)));
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
