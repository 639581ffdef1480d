package dev.passkeyfirst.it.http;

import dev.passkeyfirst.keycloak.vocabulary.Pages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import dev.passkeyfirst.it.harness.ServerTest;
import dev.passkeyfirst.testsupport.SoftAuthenticator;
import dev.passkeyfirst.testsupport.WebClient;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §4.1: a sign-in with a phone's passkey (hybrid, cross-platform) offers once per browser to
 * create a passkey on this device; a security key or a platform passkey gets no offer.
 */
class HybridOfferHttpTest extends ServerTest {

    private int users;

    /** A user whose only passkey is a phone's, as the phone registered it (transports hybrid and internal). */
    private record Phone(String email, String userId, SoftAuthenticator key) {
    }

    private Phone phoneUser(String transports) {
        String email = "hybrid" + (++users) + "@example.org";
        String userId = realm.createUser(email);
        SoftAuthenticator key = new SoftAuthenticator();
        WebClient client = new WebClient();
        WebClient.Page create = HttpFlows.createPage(client, realm, mailbox, userId, email);
        Map<String, String> form = HttpFlows.attestation(create, key, "Pixel 8");
        form.put("transports", transports);
        form.put("authenticatorAttachment", "cross-platform");
        assertTrue(client.post(create.formAction("pkf-create-form"), form).status() < 400);
        return new Phone(email, userId, key);
    }

    /** Posts a sign-in assertion as the browser reports one made through another device. */
    private WebClient.Page signInFrom(WebClient client, SoftAuthenticator key, String attachment) {
        WebClient.Page login = client.get(realm.authUrl());
        Map<String, String> form = key.get(HttpFlows.rpId(login), login.origin(), HttpFlows.challenge(login));
        form.put("authenticatorAttachment", attachment);
        return client.post(login.formAction("pkf-assertion-form"), form);
    }

    @Test
    void aPhoneSignInOffersAPasskeyHereOncePerBrowser() {
        Phone p = phoneUser("hybrid,internal");
        WebClient laptop = new WebClient();
        WebClient.Page offer = signInFrom(laptop, p.key(), "cross-platform");
        assertEquals(Pages.id(Pages.CREATE_PASSKEY), offer.pageId(), offer.body());
        assertNotNull(offer.doc().getElementById("pkf-offer"), offer.body());
        assertNull(offer.doc().getElementById("pkf-another-device"), "the offer stays about this device");

        WebClient.Page declined = laptop.post(offer.formAction("pkf-not-now-form"), Map.of("pkf.notNow", "1"));
        assertTrue(HttpFlows.signedIn(declined), declined.body());
        // signed out, then in again with the phone: this browser was asked once already
        laptop.forgetCookiesExcept("PKF_PASSKEY_OFFERED");
        WebClient.Page again = signInFrom(laptop, p.key(), "cross-platform");
        assertTrue(HttpFlows.signedIn(again), again.pageId() + " " + again.body());

        // another browser accepts, and its new passkey is an ordinary, notified one
        WebClient desktop = new WebClient();
        WebClient.Page offered = signInFrom(desktop, p.key(), "cross-platform");
        assertNotNull(offered.doc().getElementById("pkf-offer"), offered.body());
        mailbox.purge();
        WebClient.Page created = desktop.post(offered.formAction("pkf-create-form"),
                HttpFlows.attestation(offered, new SoftAuthenticator(), "Desktop"));
        assertTrue(HttpFlows.signedIn(created), created.body());
        assertEquals(2, realm.resource.users().get(p.userId()).credentials().size());
        assertTrue(mailbox.await(m -> m.to().contains(p.email()) && m.subject().contains("A passkey was added"), Duration.ofSeconds(20)).isPresent());
    }

    @Test
    void aSecurityKeyOrAPlatformPasskeyGetsNoOffer() {
        Phone usbKey = phoneUser("usb,nfc");
        assertTrue(HttpFlows.signedIn(signInFrom(new WebClient(), usbKey.key(), "cross-platform")));
        Phone phone = phoneUser("hybrid,internal");
        assertTrue(HttpFlows.signedIn(signInFrom(new WebClient(), phone.key(), "platform")));
    }
}
