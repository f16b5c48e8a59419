// The monthly report page: its print button (no inline handlers).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-print]").forEach((el) => el.addEventListener("click", () => window.print()));
});
