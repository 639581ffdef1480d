// A sign-in from a new place: a second passkey of the account, over the page's own challenge.
import { assertOnClick } from "./pkf-webauthn.js";

assertOnClick(document.getElementById("pkf-place-passkey"), "place");
