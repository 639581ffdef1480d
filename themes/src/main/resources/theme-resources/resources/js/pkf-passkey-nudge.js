// The page after a password sign-in. UPGRADE: the password manager may create a passkey without a
// prompt (conditional create); whatever it answers, the page moves on by itself. NUDGE: the offer,
// created like on "Create a passkey"; a browser that turns out unable to create one moves on unasked.
import { capabilities, createPasskey, creationCapabilities, pageData, showNoWebAuthn, working } from "./pkf-webauthn.js";

const root = document.getElementById("pkf-nudge");
const form = document.getElementById("pkf-create-form");
const button = document.getElementById("pkf-create-button");
const UPGRADE_WAIT_MS = 5000;

// posts one of the page's other forms as if its button had been pressed (the button's name is the field the server reads)
function moveOn(formId) {
  const other = document.getElementById(formId);
  if (!other) return;
  const button = other.querySelector("button[type=submit]");
  if (button) button.click();
  else other.submit();
}

async function upgrade() {
  const data = pageData();
  // the password manager decides on its own; it never asks the user to verify
  data.authenticatorSelection = Object.assign({}, data.authenticatorSelection, { userVerification: "preferred" });
  form.elements.namedItem("pkf.conditional").value = "1";
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), UPGRADE_WAIT_MS);
  await createPasskey(data, form, {
    mediation: "conditional",
    signal: abort.signal,
    onError: () => { clearTimeout(timer); moveOn("pkf-upgrade-unavailable-form"); },
  });
  clearTimeout(timer);
}

function start() {
  button.disabled = true;
  working(true);
  createPasskey(pageData(), form);
}

async function init() {
  const mode = root.dataset.pkfMode;
  const caps = await capabilities();
  if (mode === "UPGRADE") {
    if (caps.webauthn && caps.conditionalCreate) upgrade();
    else moveOn("pkf-upgrade-unavailable-form");
    return;
  }
  if (!caps.webauthn) {
    showNoWebAuthn();
    if (root.dataset.pkfProbe === "true") moveOn("pkf-cannot-create-form");
    return;
  }
  if (root.dataset.pkfProbe === "true" && !creationCapabilities(caps).includes("create")) {
    moveOn("pkf-cannot-create-form");
    return;
  }
  button.addEventListener("click", start);
  form.addEventListener("submit", (event) => {
    if (!form.elements.namedItem("clientDataJSON").value && !form.elements.namedItem("error").value) {
      event.preventDefault();
      start();
    }
  });
}

init();
