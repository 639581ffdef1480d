// Device B: create the pending passkey, then show the code and wait for the other device's decision.
import { createPasskey, pageData, showNoWebAuthn, webAuthnAvailable, working } from "./pkf-webauthn.js";
import { startCountdowns } from "./pkf-countdown.js";
import { watchPairing } from "./pkf-pairing-status.js";

const container = document.getElementById("pkf-pair-device");
const refresh = document.getElementById("pkf-refresh-form");
const form = document.getElementById("pkf-create-form");
const button = document.getElementById("pkf-create-button");

startCountdowns();
if (form && button) {
  if (!webAuthnAvailable()) {
    showNoWebAuthn();
  } else {
    const start = () => { button.disabled = true; working(true); createPasskey(pageData(), form); };
    button.addEventListener("click", start);
    form.addEventListener("submit", (event) => {
      if (!form.elements.namedItem("clientDataJSON").value && !form.elements.namedItem("error").value) {
        event.preventDefault();
        start();
      }
    });
  }
}
watchPairing(container, refresh);
