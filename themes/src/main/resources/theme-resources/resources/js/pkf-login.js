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

// The email link, where the realm offers it, moves to the top of the other ways in and looks like a
// button: on this browser it is the likeliest way in. The server still decides what it accepts.
function offerEmailLinkFirst() {
  const link = document.getElementById("pkf-sign-in-link");
  if (!link) return;
  link.classList.add("pkf-promoted");
  const item = link.closest("li");
  if (item && item.parentElement) item.parentElement.prepend(item);
}

// getClientCapabilities() (or the older checks) decides the hints: no passkey on this device but a
// phone can be used (hybrid), or neither, where a security key is the only passkey left.
function showWaysThisBrowserHas(caps) {
  const hybridHint = document.getElementById("pkf-hybrid-hint");
  if (hybridHint && !caps.platform && caps.hybridTransport === true) hybridHint.hidden = false;
  if (!caps.platform && caps.hybridTransport === false) {
    const note = document.getElementById("pkf-no-platform");
    if (note) note.hidden = false;
    offerEmailLinkFirst();
  }
}

async function init() {
  const caps = await capabilities();
  const passwordForm = document.getElementById("pkf-password-form");
  if (passwordForm) passwordForm.elements.namedItem("pkf.caps").value = creationCapabilities(caps);
  if (!caps.webauthn) {
    showNoWebAuthn();
    offerEmailLinkFirst();
    return;
  }
  showWaysThisBrowserHas(caps);
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
