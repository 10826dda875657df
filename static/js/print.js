// The print button of a printed document's screen view: shown only when scripts run (without
// them, the browser's own Print does the same).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
