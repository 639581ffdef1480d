// Shared by the Passkey First pages: base64url, page options, capability checks and the hand-over
// of WebAuthn results to the server through hidden form fields. Every check happens on the server.

export function toBase64Url(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = "";
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64Url(text) {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function pageData(id = "pkf-data") {
  const element = document.getElementById(id);
  return element ? JSON.parse(element.textContent) : null;
}

export function webAuthnAvailable() {
  return typeof window.PublicKeyCredential === "function" && !!navigator.credentials;
}

// getClientCapabilities() where the browser has it; the older single checks otherwise.
export async function capabilities() {
  if (!webAuthnAvailable()) return { webauthn: false };
  const result = {
    webauthn: true, conditionalGet: false, conditionalCreate: false, hybridTransport: undefined, platform: false, signal: false,
  };
  try {
    if (typeof PublicKeyCredential.getClientCapabilities === "function") {
      const caps = await PublicKeyCredential.getClientCapabilities();
      result.conditionalGet = caps.conditionalGet === true;
      result.conditionalCreate = caps.conditionalCreate === true;
      result.hybridTransport = caps.hybridTransport;
      result.platform = caps.passkeyPlatformAuthenticator === true || caps.userVerifyingPlatformAuthenticator === true;
    } else if (typeof PublicKeyCredential.isConditionalMediationAvailable === "function") {
      result.conditionalGet = await PublicKeyCredential.isConditionalMediationAvailable();
    }
    if (!result.platform && typeof PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable === "function") {
      result.platform = await PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable();
    }
  } catch (e) {
    result.conditionalGet = false;
  }
  result.signal = typeof PublicKeyCredential.signalAllAcceptedCredentials === "function";
  return result;
}

// What the server is told after a password sign-in: whether this browser can create a passkey at all
// (on this device or on a phone), and whether its password manager can create one without a prompt.
export function creationCapabilities(caps) {
  const out = [];
  if (caps.webauthn && (caps.platform || caps.hybridTransport === true)) out.push("create");
  if (caps.webauthn && caps.conditionalCreate) out.push("conditionalCreate");
  return out.join(" ");
}

export function descriptors(list) {
  return (list || []).map((c) => ({ type: "public-key", id: fromBase64Url(c.id), transports: c.transports }));
}

export function showNoWebAuthn() {
  document.querySelectorAll("[data-pkf-needs-webauthn]").forEach((el) => { el.hidden = true; el.disabled = true; });
  const notice = document.getElementById("pkf-no-webauthn");
  if (notice) notice.hidden = false;
}

export function working(on) {
  const note = document.getElementById("pkf-working");
  if (note) note.hidden = !on;
}

function setField(form, name, value) {
  form.elements.namedItem(name).value = value == null ? "" : value;
}

export function submitAssertion(credential, mode, signal) {
  const form = document.getElementById("pkf-assertion-form");
  const response = credential.response;
  setField(form, "credentialId", toBase64Url(credential.rawId));
  setField(form, "clientDataJSON", toBase64Url(response.clientDataJSON));
  setField(form, "authenticatorData", toBase64Url(response.authenticatorData));
  setField(form, "signature", toBase64Url(response.signature));
  setField(form, "userHandle", response.userHandle ? toBase64Url(response.userHandle) : "");
  setField(form, "authenticatorAttachment", credential.authenticatorAttachment || "");
  setField(form, "error", "");
  setField(form, "pkf.mode", mode);
  setField(form, "pkf.signal", signal ? "1" : "");
  form.submit();
}

export function submitPromptError(error, mode) {
  const form = document.getElementById("pkf-assertion-form");
  setField(form, "error", (error && error.name) || "Error");
  setField(form, "pkf.mode", mode);
  form.submit();
}

// A button that proves the account's passkey over the page's challenge (pkf-data: challenge, rpId,
// userVerification, timeout, allowCredentials) and posts the assertion form as {mode}.
export function assertOnClick(button, mode) {
  if (!button) return;
  if (!webAuthnAvailable()) {
    showNoWebAuthn();
    return;
  }
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
      submitAssertion(credential, mode, false);
    } catch (error) {
      submitPromptError(error, mode);
    }
  });
}

// navigator.credentials.create() with the server's options; the result goes into the form's hidden
// fields (Keycloak's own field names) and the form is posted, also when the prompt failed, unless
// the caller handles a failure itself (onError). mediation "conditional": the password manager
// creates the passkey without a prompt, or declines.
export async function createPasskey(data, form, { mediation, signal, onError } = {}) {
  const set = (name, value) => { form.elements.namedItem(name).value = value == null ? "" : value; };
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
  const request = { publicKey };
  if (mediation) request.mediation = mediation;
  if (signal) request.signal = signal;
  try {
    const credential = await navigator.credentials.create(request);
    const response = credential.response;
    set("clientDataJSON", toBase64Url(response.clientDataJSON));
    set("attestationObject", toBase64Url(response.attestationObject));
    set("publicKeyCredentialId", toBase64Url(credential.rawId));
    set("transports", typeof response.getTransports === "function" ? response.getTransports().join(",") : "");
    set("authenticatorAttachment", credential.authenticatorAttachment || "");
    set("error", "");
  } catch (error) {
    if (onError) {
      onError(error);
      return;
    }
    set("error", error.name || "Error");
  }
  form.submit();
}
