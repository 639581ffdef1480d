// "Create a passkey": creation options come from the server; the result goes back in hidden fields
// with the name the user chose on the page.
import { descriptors, fromBase64Url, pageData, showNoWebAuthn, toBase64Url, webAuthnAvailable, working } from "./pkf-webauthn.js";

const data = pageData();
const form = document.getElementById("pkf-create-form");
const button = document.getElementById("pkf-create-button");

function set(name, value) {
  form.elements.namedItem(name).value = value == null ? "" : value;
}

async function create() {
  button.disabled = true;
  working(true);
  const publicKey = {
    challenge: fromBase64Url(data.challenge),
    rp: data.rp,
    user: { id: fromBase64Url(data.user.id), name: data.user.name, displayName: data.user.displayName },
    pubKeyCredParams: data.pubKeyCredParams,
    timeout: data.timeout,
    attestation: data.attestation,
    authenticatorSelection: data.authenticatorSelection,
    excludeCredentials: descriptors(data.excludeCredentials),
  };
  if (data.hints && data.hints.length) publicKey.hints = data.hints;
  try {
    const credential = await navigator.credentials.create({ publicKey });
    const response = credential.response;
    set("clientDataJSON", toBase64Url(response.clientDataJSON));
    set("attestationObject", toBase64Url(response.attestationObject));
    set("publicKeyCredentialId", toBase64Url(credential.rawId));
    set("transports", typeof response.getTransports === "function" ? response.getTransports().join(",") : "");
    set("authenticatorAttachment", credential.authenticatorAttachment || "");
    set("error", "");
  } catch (error) {
    set("error", error.name || "Error");
  }
  form.submit();
}

if (!webAuthnAvailable()) {
  showNoWebAuthn();
} else {
  button.addEventListener("click", create);
  form.addEventListener("submit", (event) => { if (!form.elements.namedItem("clientDataJSON").value && !form.elements.namedItem("error").value) { event.preventDefault(); create(); } });
}
