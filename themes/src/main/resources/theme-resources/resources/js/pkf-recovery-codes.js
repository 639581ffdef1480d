// New recovery codes, shown once: save them as a text file or print them. Nothing leaves the browser.
const list = document.getElementById("pkf-codes-list");
const codes = Array.from(list.querySelectorAll("code")).map((c) => c.textContent.trim());
const download = document.getElementById("pkf-codes-download");
const print = document.getElementById("pkf-codes-print");

download.hidden = false;
download.addEventListener("click", () => {
  const text = `${document.title}\n\n${codes.join("\n")}\n`;
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
  link.download = list.dataset.pkfFile || "recovery-codes.txt";
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
});

print.hidden = false;
print.addEventListener("click", () => window.print());
