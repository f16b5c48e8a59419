// A form that downloads a file (Word) stays on the page: give its buttons back after a moment,
// since the shared script disables them on submit to stop double posts.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-download]").forEach((form) => {
    form.addEventListener("submit", () => {
      setTimeout(() => {
        form.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = false; });
      }, 1500);
    });
  });
});
