package dev.passkeyfirst.keycloak.login;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RelatedOriginsTest {

    @Test
    void labelsAreRegistrableDomainsWithoutTheirPublicSuffix() {
        // one label for example.com, example.co.uk and example.de alike: browsers count them so
        assertEquals(Set.of("example", "localhost"), RelatedOrigins.labels(List.of("https://login.example.com",
                "https://shop.example.co.uk", "https://example.de", "http://localhost:8080")));
        assertEquals(List.of("acme", "acme-shop", "acmebank"), List.copyOf(RelatedOrigins.labels(List.of(
                "https://id.acme.com", "https://acme-shop.com", "https://www.acmebank.co.uk"))));
    }
}
