package dev.passkeyfirst.keycloak.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.keycloak.util.JsonSerialization;

/**
 * Options for a page's ES module, rendered as a JSON block ({@code <script type="application/json">})
 * rather than inline script, so pages work under a strict Content-Security-Policy and no value can
 * close the script element.
 */
public final class PageData {

    private final Map<String, Object> values = new LinkedHashMap<>();

    public PageData put(String key, Object value) {
        if (value != null) values.put(key, value);
        return this;
    }

    public String json() {
        try {
            return JsonSerialization.writeValueAsString(values)
                    .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
