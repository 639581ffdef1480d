package dev.passkeyfirst.keycloak.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.junit.jupiter.api.Test;

class PageDataTest {

    @Test
    void nothingInAValueCanCloseTheScriptElement() {
        String json = new PageData().put("name", "</script><script>alert(1)</script>&").put("skip", null).put("n", List.of(1, 2)).json();
        assertFalse(json.contains("<") || json.contains(">") || json.contains("&"), json);
        assertEquals("{\"name\":\"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\\u0026\",\"n\":[1,2]}", json);
    }
}
