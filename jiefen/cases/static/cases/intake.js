// Intake form: style Django's widgets, and fill fields from a lookup suggestion when clicked.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("intake-form");
  if (!form) return;
  form.querySelectorAll("input:not([type=checkbox]):not([type=hidden]), textarea").forEach((el) => el.classList.add("form-control", "form-control-sm"));
  form.querySelectorAll("select").forEach((el) => el.classList.add("form-select", "form-select-sm"));
  form.querySelectorAll("input[type=checkbox]").forEach((el) => el.classList.add("form-check-input"));
  document.body.addEventListener("click", (event) => {
    const pick = event.target.closest("[data-fill]");
    if (!pick) return;
    event.preventDefault();
    const values = JSON.parse(pick.dataset.fill);
    Object.entries(values).forEach(([id, value]) => {
      const input = document.getElementById(id);
      if (input && value) input.value = value;
    });
    pick.closest(".small").innerHTML = "";
  });
});
