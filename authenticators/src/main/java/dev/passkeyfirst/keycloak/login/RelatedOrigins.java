package dev.passkeyfirst.keycloak.login;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.ws.rs.core.Response;

import com.google.common.net.InternetDomainName;
import dev.passkeyfirst.keycloak.common.PageData;
import dev.passkeyfirst.keycloak.link.PartFactory;
import dev.passkeyfirst.keycloak.link.PartRequest;
import dev.passkeyfirst.keycloak.link.ResourcePart;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import dev.passkeyfirst.keycloak.webauthn.RelyingParty;
import org.jboss.logging.Logger;

import com.webauthn4j.data.client.Origin;

/**
 * WebAuthn Level 3 related origins (§5.11): the organization's other sites (the realm's passwordless
 * policy's "Extra origins", which both of our ceremonies already accept) listed in the document a
 * browser fetches from {@code https://{rpId}/.well-known/webauthn} before it lets such a site use the
 * realm's passkeys. The realm serves it here; a reverse proxy maps the rpId host's root to it.
 * Browsers honour at most five registrable domain labels: more are logged, and listed anyway.
 */
public class RelatedOrigins implements ResourcePart {

    private static final Logger LOG = Logger.getLogger(RelatedOrigins.class);
    static final int MAX_LABELS = 5;

    @Override
    public Response get(PartRequest request) {
        RelyingParty rp = RelyingParty.of(request.session());
        List<String> origins = new ArrayList<>();
        for (Origin o : rp.origins()) {
            String text = o.toString();
            if (text.startsWith("https://") || text.startsWith("http://localhost")) origins.add(text);
        }
        Set<String> labels = labels(origins);
        if (labels.size() > MAX_LABELS) {
            LOG.warnf("realm %s lists %d registrable domain labels as related origins; browsers use only the first %d: %s",
                    request.realm().getName(), labels.size(), MAX_LABELS, labels);
        }
        return request.json(new PageData().put("origins", origins));
    }

    /** The registrable domain labels ("example" for https://shop.example.co.uk), in the order of the origins. */
    static Set<String> labels(List<String> origins) {
        Set<String> out = new LinkedHashSet<>();
        for (String origin : origins) {
            String host = URI.create(origin).getHost();
            if (host == null) continue;
            try {
                InternetDomainName name = InternetDomainName.from(host);
                String registrable = name.isUnderPublicSuffix() ? name.topPrivateDomain().toString() : host;
                out.add(registrable.split("\\.")[0]);
            } catch (IllegalArgumentException | IllegalStateException notADomain) {
                out.add(host);
            }
        }
        return out;
    }

    public static class Factory extends PartFactory {
        public Factory() {
            super(ProviderIds.PART_RELATED_ORIGINS, RelatedOrigins::new);
        }
    }
}
