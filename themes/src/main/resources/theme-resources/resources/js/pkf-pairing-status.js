// A page waiting on a pairing asks the server, every two seconds, what state its pairing is in and
// reloads itself (with a POST carrying its own session code) when that changed. The status answer
// is bound to this browser's authentication session and never holds a code.
export function watchPairing(container, refreshForm) {
  const shown = container.dataset.pkfState;
  if (!refreshForm || shown === "ENDED") return;
  const tabId = new URL(refreshForm.action, location.href).searchParams.get("tab_id");
  const base = location.pathname.replace(/\/login-actions\/.*$/, "");
  const url = `${base}/passkey-first/pairing-status?tab_id=${encodeURIComponent(tabId || "")}`;
  let busy = false;
  const check = async () => {
    if (busy) return;
    busy = true;
    try {
      const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
      const status = await response.json();
      if (status.state !== shown) refreshForm.submit();
    } catch (e) {
      // the next tick tries again
    } finally {
      busy = false;
    }
  };
  setInterval(check, 2000);
}
