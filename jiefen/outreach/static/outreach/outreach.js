// Outreach screens: show the construction-site fields only when the kind is a construction site.
document.addEventListener("DOMContentLoaded", () => {
  const kind = document.querySelector("[data-enterprise-kind]");
  const site = document.querySelector("[data-site-fields]");
  if (kind && site) {
    const sync = () => { site.hidden = kind.value !== "construction_site"; };
    kind.addEventListener("change", sync);
    sync();
  }
});
