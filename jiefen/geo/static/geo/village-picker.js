/* The village picker (jiefen/geo/forms.py): an ARIA 1.2 combobox over a JSON endpoint.
   Without this script the text box is matched on submit, so the form works either way. */
(function () {
  "use strict";
  if (window.jiefenVillagePicker) return;
  window.jiefenVillagePicker = true;

  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var input = root.querySelector("[role=combobox]");
    var list = root.querySelector("[role=listbox]");
    var value = root.querySelector("[data-village-picker-value]");
    var chosen = root.querySelector("[data-village-picker-chosen]");
    var status = root.querySelector("[data-village-picker-status]");
    var source = root.dataset.source;
    var options = [];
    var active = -1;
    var timer = null;
    var seq = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var items = list.querySelectorAll("[role=option]");
      items.forEach(function (li, i) {
        var on = i === index;
        li.setAttribute("aria-selected", on ? "true" : "false");
        li.classList.toggle("active", on);
        if (on) {
          input.setAttribute("aria-activedescendant", li.id);
          li.scrollIntoView({ block: "nearest" });
        }
      });
      active = index;
    }

    function choose(index) {
      var option = options[index];
      if (!option) return;
      input.value = option.label;
      if (value) value.value = option.id;
      root.querySelectorAll("[data-village-picker-candidates] input").forEach(function (r) {
        r.checked = String(r.value) === String(option.id);
      });
      chosen.textContent = (root.dataset.textChosen || "已选：") + option.label;
      close();
    }

    function render(results) {
      options = results;
      list.innerHTML = "";
      results.forEach(function (r, i) {
        var li = document.createElement("li");
        li.id = input.id + "-opt-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.className = "list-group-item list-group-item-action py-1";
        li.textContent = r.label;
        if (r.reason) {
          var small = document.createElement("span");
          small.className = "small text-muted ms-2";
          small.textContent = r.reason;
          li.appendChild(small);
        }
        li.addEventListener("mousedown", function (e) {
          e.preventDefault();
          choose(i);
        });
        list.appendChild(li);
      });
      status.textContent = results.length
        ? (root.dataset.textFound || "%(n)s").replace("%(n)s", results.length)
        : root.dataset.textNone || "";
      if (results.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        active = -1;
      } else {
        close();
      }
    }

    function search() {
      var q = input.value.trim();
      if (!q) {
        render([]);
        return;
      }
      var mine = ++seq;
      fetch(source + "?q=" + encodeURIComponent(q), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (r) {
          return r.ok ? r.json() : { results: [] };
        })
        .then(function (data) {
          if (mine === seq) render(data.results || []);
        })
        .catch(function () {
          close();
        });
    }

    input.addEventListener("input", function () {
      if (value) value.value = "";
      chosen.textContent = "";
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (e) {
      var open = !list.hidden && options.length;
      if (e.key === "ArrowDown") {
        e.preventDefault();
        if (!open) search();
        else highlight(Math.min(active + 1, options.length - 1));
      } else if (e.key === "ArrowUp") {
        if (open) {
          e.preventDefault();
          highlight(Math.max(active - 1, 0));
        }
      } else if (e.key === "Enter") {
        if (open && active >= 0) {
          e.preventDefault();
          choose(active);
        }
      } else if (e.key === "Escape") {
        if (open) {
          e.preventDefault();
          close();
        }
      }
    });
    input.addEventListener("blur", function () {
      setTimeout(close, 150);
    });
  }

  function all() {
    document.querySelectorAll("[data-village-picker]").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all);
  else all();
  document.addEventListener("htmx:afterSwap", all);
})();
