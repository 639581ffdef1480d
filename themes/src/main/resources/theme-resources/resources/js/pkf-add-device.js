// Device A: wait for the other device, then approve with a passkey over the server's challenge.
import { assertOnClick } from "./pkf-webauthn.js";
import { startCountdowns } from "./pkf-countdown.js";
import { watchPairing } from "./pkf-pairing-status.js";

const container = document.getElementById("pkf-add-device");
startCountdowns();
watchPairing(container, document.getElementById("pkf-refresh-form"));

const link = document.getElementById("pkf-link");
if (link) link.addEventListener("focus", () => link.select());

assertOnClick(document.getElementById("pkf-approve"), "approve");
