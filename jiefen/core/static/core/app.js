// Small behaviours shared by the staff pages; no inline scripts, so the CSP can forbid them.
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
  // Auto-submit filter selects marked data-autosubmit.
  document.querySelectorAll("[data-autosubmit]").forEach((el) => {
    el.addEventListener("change", () => el.form && el.form.requestSubmit());
  });
});
