// "Your passkeys": local times, and after a removal the Signal API, so the user's passkey provider
// stops offering the removed passkey for this site.
import "./pkf-countdown.js";

const element = document.getElementById("pkf-signal-data");
if (element && window.PublicKeyCredential && typeof PublicKeyCredential.signalAllAcceptedCredentials === "function") {
  const data = JSON.parse(element.textContent);
  PublicKeyCredential.signalAllAcceptedCredentials({
    rpId: data.rpId, userId: data.userId, allAcceptedCredentialIds: data.allAcceptedCredentialIds,
  }).catch(() => {
    // the provider may refuse (no such account there): nothing the user must do
  });
}
