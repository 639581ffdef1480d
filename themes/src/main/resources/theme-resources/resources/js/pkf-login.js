// Sign-in page and username-first step: conditional UI on the username field, the passkey button,
// and the passkey prompt for a typed username (allowCredentials from the server).
import {
  capabilities, creationCapabilities, descriptors, fromBase64Url, pageData, showNoWebAuthn, submitAssertion, submitPromptError, working,
} from "./pkf-webauthn.js";

const data = pageData();
let conditionalRequest = null;

function publicKey(extra) {
  const options = {
    challenge: fromBase64Url(data.challenge),
    rpId: data.rpId,
    userVerification: data.userVerification,
    timeout: data.timeout,
  };
  if (data.hints && data.hints.length) options.hints = data.hints;
  return Object.assign(options, extra);
}

async function startConditional(signal) {
  conditionalRequest = new AbortController();
  try {
    const credential = await navigator.credentials.get({
      mediation: "conditional", publicKey: publicKey({}), signal: conditionalRequest.signal,
    });
    if (credential) submitAssertion(credential, "conditional", signal);
  } catch (error) {
    // aborted by our own button, or the browser gave up quietly: the page stays usable as it is
    if (error.name !== "AbortError") console.debug("conditional passkey request ended", error.name);
  }
}

async function modal(mode, extra, signal) {
  if (conditionalRequest) conditionalRequest.abort();
  working(true);
  try {
    const credential = await navigator.credentials.get({ publicKey: publicKey(extra) });
    submitAssertion(credential, mode, signal);
  } catch (error) {
    submitPromptError(error, mode);
  }
}

function signalUnknownCredential() {
  const element = document.getElementById("pkf-unknown-credential");
  if (!element || typeof PublicKeyCredential.signalUnknownCredential !== "function") return;
  const unknown = JSON.parse(element.textContent);
  PublicKeyCredential.signalUnknownCredential(unknown).catch(() => {});
}

async function init() {
  const caps = await capabilities();
  const passwordForm = document.getElementById("pkf-password-form");
  if (passwordForm) passwordForm.elements.namedItem("pkf.caps").value = creationCapabilities(caps);
  if (!caps.webauthn) {
    showNoWebAuthn();
    return;
  }
  signalUnknownCredential();
  const passkeyButton = document.getElementById("pkf-passkey-button");
  if (passkeyButton) passkeyButton.addEventListener("click", () => modal("button", {}, caps.signal));

  const usePasskey = document.getElementById("pkf-use-passkey");
  if (usePasskey) {
    usePasskey.addEventListener("click", () => modal("username", { allowCredentials: descriptors(data.allowCredentials) }, caps.signal));
  }
  const autofillField = document.getElementById("username") || document.getElementById("password");
  if (data.conditional && caps.conditionalGet && autofillField) startConditional(caps.signal);
}

init();
