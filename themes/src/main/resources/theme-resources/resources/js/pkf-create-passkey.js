// "Create a passkey": creation options come from the server; the result goes back in hidden fields
// with the name the user chose on the page.
import { createPasskey, pageData, showNoWebAuthn, webAuthnAvailable, working } from "./pkf-webauthn.js";

const form = document.getElementById("pkf-create-form");
const button = document.getElementById("pkf-create-button");

function start() {
  button.disabled = true;
  working(true);
  createPasskey(pageData(), form);
}

if (!webAuthnAvailable()) {
  showNoWebAuthn();
} else if (button) {
  button.addEventListener("click", start);
  // Enter in the name field creates the passkey instead of posting an empty form
  form.addEventListener("submit", (event) => {
    if (!form.elements.namedItem("clientDataJSON").value && !form.elements.namedItem("error").value) {
      event.preventDefault();
      start();
    }
  });
}
