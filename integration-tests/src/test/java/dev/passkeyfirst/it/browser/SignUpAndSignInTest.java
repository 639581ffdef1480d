package dev.passkeyfirst.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import dev.passkeyfirst.it.harness.Browser;
import dev.passkeyfirst.it.harness.ServerTest;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/** A new user signs up with nothing but a passkey, then signs in again with the button and username first. */
class SignUpAndSignInTest extends ServerTest {

    @Test
    void signUpWithOnlyAPasskeyThenSignInTwice() {
        String email = "ada@example.org";
        try (Browser b = new Browser()) {
            String authenticator = b.addAuthenticator(Browser.Authenticator.SYNCED_PLATFORM);
            Flows.signUp(b, realm, mailbox, email, "docs");

            UserRepresentation user = realm.user(email);
            assertTrue(user.isEmailVerified());
            List<CredentialRepresentation> credentials = realm.resource.users().get(user.getId()).credentials();
            assertEquals(List.of("webauthn-passwordless"), credentials.stream().map(CredentialRepresentation::getType).toList(),
                    "a passkey and nothing else, no password");
            assertFalse(credentials.get(0).getUserLabel().isBlank());
            assertEquals(1, b.credentials(authenticator).size());

            Flows.signOut(b, realm);
            b.withoutConditionalMediation();
            Flows.signInWithPasskeyButton(b, realm);

            Flows.signOut(b, realm);
            Flows.signInUsernameFirst(b, realm, email);
        }
    }
}
