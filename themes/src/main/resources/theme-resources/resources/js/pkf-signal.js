// After a passkey sign-in: tell the browser which passkeys the account still has and its current
// name (so removed passkeys disappear from the user's password manager), then continue.
const element = document.getElementById("pkf-signal-data");
const form = document.getElementById("pkf-continue-form");

async function signal() {
  const data = JSON.parse(element.textContent);
  const calls = [];
  if (typeof PublicKeyCredential.signalAllAcceptedCredentials === "function") {
    calls.push(PublicKeyCredential.signalAllAcceptedCredentials({
      rpId: data.rpId, userId: data.userId, allAcceptedCredentialIds: data.allAcceptedCredentialIds,
    }));
  }
  if (typeof PublicKeyCredential.signalCurrentUserDetails === "function") {
    calls.push(PublicKeyCredential.signalCurrentUserDetails({
      rpId: data.rpId, userId: data.userId, name: data.name, displayName: data.displayName,
    }));
  }
  await Promise.allSettled(calls);
}

signal().finally(() => {
  const button = document.getElementById("pkf-continue-button");
  // requestSubmit keeps the button's name=value, which tells the server to continue
  if (form.requestSubmit) form.requestSubmit(button); else button.click();
});
