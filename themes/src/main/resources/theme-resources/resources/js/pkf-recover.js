// The recovery's own pages: the new passkey is created like any other, and times show in local time.
import { createPasskey, pageData, showNoWebAuthn, webAuthnAvailable, working } from "./pkf-webauthn.js";

document.querySelectorAll("[data-pkf-datetime]").forEach((el) => {
  const at = Number(el.dataset.pkfDatetime);
  if (at > 0) el.textContent = new Date(at).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
});

const form = document.getElementById("pkf-create-form");
const button = document.getElementById("pkf-create-button");
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
