// Portal behaviours; no inline scripts, so the CSP can forbid them.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
  document.querySelectorAll("form").forEach((form) => {
    form.addEventListener("submit", () => {
      form.querySelectorAll("button[type=submit]").forEach((b) => {
        setTimeout(() => { b.disabled = true; }, 0);
      });
    });
  });
  // The rights-mailbox form: name and phone only matter when writing under one's name.
  const anonymous = document.getElementById("id_anonymous");
  if (anonymous) {
    const toggle = () => {
      ["id_name", "id_phone"].forEach((id) => {
        const input = document.getElementById(id);
        if (input) input.closest(".mb-3").hidden = anonymous.checked;
      });
    };
    anonymous.addEventListener("change", toggle);
    toggle();
  }
  // Show the size of chosen files and warn before sending an oversized one.
  document.querySelectorAll("input[type=file][name=evidence]").forEach((input) => {
    input.addEventListener("change", () => {
      const tooBig = Array.from(input.files).filter((f) => f.size > 10 * 1024 * 1024);
      input.setCustomValidity(tooBig.length ? "文件超过10 MB：" + tooBig.map((f) => f.name).join("、") : "");
    });
  });
});
