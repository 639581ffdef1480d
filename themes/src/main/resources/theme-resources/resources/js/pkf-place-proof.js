// A sign-in from a new place: a second passkey of the account, over the page's own challenge.
import { descriptors, fromBase64Url, pageData, submitAssertion, submitPromptError, webAuthnAvailable, showNoWebAuthn } from "./pkf-webauthn.js";

const button = document.getElementById("pkf-place-passkey");
if (button) {
  if (!webAuthnAvailable()) {
    showNoWebAuthn();
  } else {
    button.addEventListener("click", async () => {
      const data = pageData();
      button.disabled = true;
      try {
        const credential = await navigator.credentials.get({
          publicKey: {
            challenge: fromBase64Url(data.challenge),
            rpId: data.rpId,
            userVerification: data.userVerification,
            timeout: data.timeout,
            allowCredentials: descriptors(data.allowCredentials),
          },
        });
        submitAssertion(credential, "place", false);
      } catch (error) {
        submitPromptError(error, "place");
      } finally {
        button.disabled = false;
      }
    });
  }
}
