package dev.passkeyfirst.bench;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.SoftAuthenticator.Assertion;
import dev.passkeyfirst.testsupport.WebClient.Page;
import org.jsoup.nodes.Element;

/**
 * What the sign-in pages' own scripts do once navigator.credentials.get() returns: which options
 * they read from the page and which form fields they fill before submitting. One method per
 * script, each following its source:
 * <ul>
 *   <li>ours: themes/.../resources/js/pkf-webauthn.js {@code submitAssertion}, options from the
 *       {@code #pkf-data} JSON block;</li>
 *   <li>Keycloak's: theme/base/login/resources/js/webauthnAuthenticate.js {@code returnSuccess}, options from
 *       the inline module script of passkeys.ftl / webauthn-authenticate.ftl, allowed credentials from
 *       {@code #authn_select}.</li>
 * </ul>
 */
final class PageScripts {

    private static final Pattern STOCK_ARG = Pattern.compile("\\b(isUserIdentified|challenge|rpId|userVerification)\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|true|false)");

    private static final Pattern TAB_ID = Pattern.compile("[?&]tab_id=([^&]+)");
    private static final List<String> SHAPE_ATTRIBUTES = List.of("id", "name", "type", "data-pkf-view", "data-pkf-state", "data-pkf-ending");

    private PageScripts() {
    }

    /** WebAuthn request options a page offers: the challenge, the rpId and, if any, the allowed credential ids. */
    record RequestOptions(String challenge, String rpId, List<String> allowCredentials) {
        boolean allows(SoftAuthenticator authenticator) {
            byte[] ours = authenticator.credentialId;
            return allowCredentials.stream().anyMatch(id -> java.util.Arrays.equals(Base64.getUrlDecoder().decode(id), ours));
        }
    }

    static RequestOptions pkfOptions(Page page) {
        JsonNode data = page.data("pkf-data");
        List<String> allow = new ArrayList<>();
        JsonNode list = data.get("allowCredentials");
        if (list != null) list.forEach(c -> allow.add(c.get("id").asText()));
        return new RequestOptions(data.get("challenge").asText(), data.get("rpId").asText(), allow);
    }

    /**
     * pkf-webauthn.js submitAssertion(): every field of #pkf-assertion-form; {@code pkf.signal} is "1" where the
     * browser has the Signal API (current Chrome: {@code PublicKeyCredential.signalAllAcceptedCredentials}), else empty.
     */
    static Map<String, String> pkfAssertion(Page page, Assertion a, String attachment, String mode, boolean signalApi) {
        Map<String, String> form = page.formFields("pkf-assertion-form");
        form.put("credentialId", a.credentialId());
        form.put("clientDataJSON", a.clientDataJSON());
        form.put("authenticatorData", a.authenticatorData());
        form.put("signature", a.signature());
        form.put("userHandle", a.userHandle());
        form.put("authenticatorAttachment", attachment);
        form.put("error", "");
        form.put("pkf.mode", mode);
        form.put("pkf.signal", signalApi ? "1" : "");
        return form;
    }

    /**
     * What pkf-pairing-status.js polls for a page waiting on a pairing: the status address the page names,
     * with the tab of its own refresh form.
     */
    static String pairingStatusUrl(Page page, String containerId) {
        Element container = page.doc().getElementById(containerId);
        if (container == null) throw new IllegalStateException("no #" + containerId + " on page " + page.pageId());
        String refresh = page.formAction("pkf-refresh-form");
        Matcher tab = TAB_ID.matcher(refresh);
        String status = java.net.URI.create(page.url()).resolve(container.attr("data-pkf-status-url")).toString();
        return status + (status.contains("?") ? "&" : "?") + "tab_id=" + (tab.find() ? tab.group(1) : "");
    }

    /**
     * A page as a stranger can compare two of them without reading the words: status, page id, and every
     * element with its id, name, view and state attributes, in document order. Text (where the typed name
     * is echoed) and per-request values (form actions, tokens) are left out.
     */
    static String shape(Page page) {
        StringBuilder out = new StringBuilder().append(page.status()).append(' ').append(page.pageId());
        Element body = page.doc().body();
        if (body == null) return out.toString();
        for (Element e : body.getAllElements()) {
            out.append('|').append(e.tagName());
            for (String attribute : SHAPE_ATTRIBUTES) {
                if (e.hasAttr(attribute)) out.append(' ').append(attribute).append('=').append(e.attr(attribute));
            }
        }
        return out.toString();
    }

    /** The arguments passkeys.ftl and webauthn-authenticate.ftl render into their inline module script. */
    static RequestOptions stockOptions(Page page) {
        Map<String, String> args = new HashMap<>();
        for (Element script : page.doc().select("script[type=module]:not([src])")) {
            Matcher m = STOCK_ARG.matcher(script.data());
            while (m.find()) args.putIfAbsent(m.group(1), m.group(3) != null ? m.group(3) : m.group(2));
        }
        if (!args.containsKey("challenge") || !args.containsKey("rpId")) {
            throw new IllegalStateException("no WebAuthn arguments in the script of page " + page.pageId());
        }
        List<String> allow = new ArrayList<>();
        if ("true".equals(args.get("isUserIdentified"))) {
            page.doc().select("#authn_select input[name=authn_use_chk]").forEach(i -> allow.add(i.attr("value")));
        }
        return new RequestOptions(args.get("challenge"), args.get("rpId"), allow);
    }

    /** webauthnAuthenticate.js returnSuccess(): fills #webauth (credentialId is the credential's base64url id) and submits it. */
    static Map<String, String> stockAssertion(Page page, Assertion a) {
        Map<String, String> form = page.formFields("webauth");
        form.put("clientDataJSON", a.clientDataJSON());
        form.put("authenticatorData", a.authenticatorData());
        form.put("signature", a.signature());
        form.put("credentialId", a.credentialId());
        if (!a.userHandle().isEmpty()) form.put("userHandle", a.userHandle());
        return form;
    }
}
