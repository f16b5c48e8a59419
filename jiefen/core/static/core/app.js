// Small behaviours shared by the staff pages; no inline scripts, so the CSP can forbid them.

// Lists on a phone (app.css .jf-stack): each cell learns its column's heading, which leads it
// when the row becomes a card. A cell that sets its own data-label keeps it.
function jfStackLabels(root) {
  root.querySelectorAll("table.jf-stack").forEach((table) => {
    const heads = [];
    const headRow = table.querySelector(":scope > thead > tr:last-child");
    if (!headRow) return;
    for (const th of headRow.children) {
      for (let i = 0; i < th.colSpan; i += 1) heads.push(th.textContent.replace(/\s+/g, " ").trim());
    }
    table.querySelectorAll(":scope > tbody > tr, :scope > tfoot > tr").forEach((tr) => {
      let column = 0;
      for (const cell of tr.children) {
        const label = heads[column];
        if (!cell.hasAttribute("data-label") && cell.colSpan === 1 && label) {
          cell.dataset.label = label;
        }
        column += cell.colSpan;
      }
    });
  });
}
jfStackLabels(document);
document.addEventListener("htmx:afterSettle", () => jfStackLabels(document));
document.addEventListener("DOMContentLoaded", () => {
  // Confirm buttons that carry data-confirm before their form is sent.
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
  // Submit once: a double click on a form's button sends one request.
  document.querySelectorAll("form").forEach((form) => {
    form.addEventListener("submit", () => {
      form.querySelectorAll("button[type=submit]").forEach((b) => {
        setTimeout(() => { b.disabled = true; }, 0);
      });
    });
  });
  // Filter controls marked data-autosubmit send their form when picked with a pointer. From the
  // keyboard, arrow keys change a closed select option by option, so a change there does not
  // reload the page (WCAG 3.2.2): Enter, or the form's own button, sends it. After the reload
  // focus returns to the control that sent it, not to the top of the page.
  const keyed = new WeakSet();
  document.querySelectorAll("[data-autosubmit]").forEach((el) => {
    el.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && el.form) {
        event.preventDefault();
        sessionStorage.setItem("jf-refocus", el.name);
        el.form.requestSubmit();
      } else if (event.key !== "Tab") {
        keyed.add(el);
      }
    });
    el.addEventListener("pointerdown", () => keyed.delete(el));
    el.addEventListener("change", () => {
      if (keyed.has(el) || !el.form) return;
      sessionStorage.setItem("jf-refocus", el.name);
      el.form.requestSubmit();
    });
  });
  const refocus = sessionStorage.getItem("jf-refocus");
  if (refocus) {
    sessionStorage.removeItem("jf-refocus");
    const target = document.querySelector(`[data-autosubmit][name="${CSS.escape(refocus)}"]`);
    if (target) target.focus();
  }
});
