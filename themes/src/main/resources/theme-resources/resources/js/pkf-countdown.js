// Shows how long a link stays valid and local times for server timestamps (milliseconds).
const pad = (n) => String(n).padStart(2, "0");

export function startCountdowns(onExpired) {
  const timers = document.querySelectorAll("[data-pkf-expires]");
  const tick = () => {
    timers.forEach((el) => {
      const left = Math.max(0, Math.round((Number(el.dataset.pkfExpires) - Date.now()) / 1000));
      el.textContent = `${Math.floor(left / 60)}:${pad(left % 60)}`;
      if (left === 0 && onExpired) onExpired();
    });
  };
  if (timers.length) {
    tick();
    setInterval(tick, 1000);
  }
  document.querySelectorAll("[data-pkf-datetime]").forEach((el) => {
    el.textContent = new Date(Number(el.dataset.pkfDatetime)).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
  });
  document.querySelectorAll("[data-pkf-time]").forEach((el) => {
    el.textContent = new Date(Number(el.dataset.pkfTime)).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  });
}

startCountdowns();
