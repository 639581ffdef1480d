// Device A: wait for the other device, then approve with a passkey over the server's challenge.
import { descriptors, fromBase64Url, pageData, submitAssertion, submitPromptError, webAuthnAvailable, showNoWebAuthn } from "./pkf-webauthn.js";
import { startCountdowns } from "./pkf-countdown.js";
import { watchPairing } from "./pkf-pairing-status.js";

const container = document.getElementById("pkf-add-device");
startCountdowns();
watchPairing(container, document.getElementById("pkf-refresh-form"));

const link = document.getElementById("pkf-link");
if (link) link.addEventListener("focus", () => link.select());

const approve = document.getElementById("pkf-approve");
if (approve) {
  if (!webAuthnAvailable()) {
    showNoWebAuthn();
  } else {
    approve.addEventListener("click", async () => {
      const data = pageData();
      approve.disabled = true;
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
        submitAssertion(credential, "approve", false);
      } catch (error) {
        submitPromptError(error, "approve");
      }
    });
  }
}
