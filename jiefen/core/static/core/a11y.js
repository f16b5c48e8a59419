// Accessibility behaviours shared by the staff pages and the portal; no inline scripts (CSP).
document.addEventListener("DOMContentLoaded", () => {
  // A table wider than the screen scrolls inside its wrapper: the wrapper takes keyboard focus
  // so arrow keys can scroll it (WCAG 2.1.1), named after the table's caption or heading.
  const regionLabel = document.body.dataset.labelScroll || "";
  const markScrollable = () => {
    document.querySelectorAll(".table-responsive").forEach((box) => {
      const scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        const caption = box.querySelector("caption");
        let heading = box.previousElementSibling;
        while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
        const name = (caption || heading)?.textContent.trim();
        box.setAttribute("aria-label", name || regionLabel);
      } else if (!scrolls && box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  };
  markScrollable();
  window.addEventListener("resize", markScrollable);
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
