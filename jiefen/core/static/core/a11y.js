// Accessibility behaviours shared by the staff pages and the portal; no inline scripts (CSP).
document.addEventListener("DOMContentLoaded", () => {
  // A form sent back with errors: its summary takes focus, so a screen reader reads it and the
  // keyboard starts from it; each entry links to its field.
  const summary = document.querySelector("[data-jf-error-summary]");
  if (summary) {
    summary.focus();
    summary.querySelectorAll("a[href^='#']").forEach((link) => {
      link.addEventListener("click", (event) => {
        const field = document.getElementById(link.getAttribute("href").slice(1));
        if (!field) return;
        event.preventDefault();
        field.focus();
        field.scrollIntoView({ block: "center" });
      });
    });
  }
});
