// A page waiting on a pairing asks the server, every two seconds, what state its pairing is in and
// reloads itself (with a POST carrying its own session code) when that changed. The status answer
// is bound to this browser's authentication session and never holds a code.
export function watchPairing(container, refreshForm) {
  const shown = container.dataset.pkfState;
  if (!refreshForm || shown === "ENDED") return;
  const tabId = new URL(refreshForm.action, location.href).searchParams.get("tab_id");
  // the server names the status address; the page never builds one of ours by hand
  const url = new URL(container.dataset.pkfStatusUrl, location.href);
  url.searchParams.set("tab_id", tabId || "");
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
