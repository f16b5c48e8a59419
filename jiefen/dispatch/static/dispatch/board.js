// The live board's clocks: each order's timer ticks every second from the server's timestamps
// (corrected for this device's clock), turns amber in the last three minutes and red past the
// limit, and sounds a WebAudio beep once per order as it nears the limit. Every few seconds the
// rows are fetched again and merged into the page in place (morph): a row that did not change
// keeps its nodes, so keyboard focus, selection and scroll stay where they were; new incidents
// are announced through a polite live region. A failed poll shows the offline badge and the
// timers keep running.
(() => {
  "use strict";
  const NEAR_MS = 3 * 60 * 1000;
  const root = document.getElementById("jf-board");
  if (!root) return;
  let offsetMs = 0; // server clock minus this device's clock
  const alarmed = new Set();
  let audio = null;

  function readServerNow() {
    const data = root.querySelector(".jf-board-data");
    if (data && data.dataset.serverNow) {
      const server = Date.parse(data.dataset.serverNow);
      if (!Number.isNaN(server)) offsetMs = server - Date.now();
    }
  }

  // A span of time in words ("1分47秒"), from the page's own pattern so it translates.
  function words(ms) {
    const total = Math.max(0, Math.floor(ms / 1000));
    const pattern = root.dataset.duration || "{m}:{s}";
    return pattern.replace("{m}", String(Math.floor(total / 60))).replace("{s}", String(total % 60));
  }

  function fmt(ms) {
    const total = Math.max(0, Math.floor(ms / 1000));
    const m = Math.floor(total / 60);
    const s = total % 60;
    return `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
  }

  function beep() {
    if (!audio) return;
    const t = audio.currentTime;
    [0, 0.3, 0.6].forEach((delay) => {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = "square";
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.2, t + delay);
      gain.gain.exponentialRampToValueAtTime(0.001, t + delay + 0.2);
      osc.connect(gain).connect(audio.destination);
      osc.start(t + delay);
      osc.stop(t + delay + 0.22);
    });
  }

  function stateOf(el, now) {
    if (el.dataset.cancelled) return "cancelled";
    const due = Date.parse(el.dataset.due);
    if (el.dataset.arrived) {
      return Date.parse(el.dataset.arrived) <= due ? "arrived_on_time" : "arrived_late";
    }
    if (now > due) return "late";
    if (now >= due - NEAR_MS) return "near";
    return "on_time";
  }

  function tick() {
    const now = Date.now() + offsetMs;
    let alarm = false;
    root.querySelectorAll(".jf-order[data-dispatched]").forEach((el) => {
      const dispatched = Date.parse(el.dataset.dispatched);
      const end = el.dataset.arrived ? Date.parse(el.dataset.arrived) : now;
      const state = stateOf(el, now);
      const timer = el.querySelector(".jf-timer");
      if (timer) {
        const due = Date.parse(el.dataset.due);
        const left = due - now;
        // The big figure is the time since dispatch (minutes:seconds, labelled beside it); how
        // much is left, or by how much the limit is passed, is said in words under it.
        timer.textContent = fmt(end - dispatched);
        const rest = el.querySelector(".jf-timer-rest");
        if (rest) {
          let text = "";
          if (state === "on_time" || state === "near") text = `${root.dataset.labelLeft || ""} ${words(left)}`;
          if (state === "late") text = `${root.dataset.labelOver || ""} ${words(-left)}`;
          rest.textContent = text;
        }
      }
      if (el.dataset.state !== state) {
        el.classList.remove(`jf-state-${el.dataset.state}`);
        el.classList.add(`jf-state-${state}`);
        el.dataset.state = state;
      }
      const label = el.querySelector(".jf-state-label");
      const text = root.dataset[`label${state[0].toUpperCase()}${state.slice(1)}`];
      if (label && text) label.textContent = text;
      if (state === "near" || state === "late") {
        alarm = true;
        // Once per order, and only once sound is on: an order already near when the sound is
        // switched on still gets its beep.
        if (audio && !alarmed.has(el.dataset.order)) {
          alarmed.add(el.dataset.order);
          beep();
        }
      }
    });
    const banner = document.getElementById("jf-alarm-banner");
    if (banner) banner.classList.toggle("d-none", !alarm);
  }

  const sound = document.getElementById("jf-sound");
  if (sound) {
    sound.addEventListener("click", () => {
      // Browsers start audio only after a person's gesture: this click is it.
      if (!audio) audio = new (window.AudioContext || window.webkitAudioContext)();
      audio.resume();
      sound.setAttribute("aria-pressed", "true");
      sound.classList.replace("btn-outline-secondary", "btn-success");
      beep();
    });
  }

  function setOffline(offline) {
    const badge = document.getElementById("jf-offline");
    if (badge) badge.classList.toggle("d-none", !offline);
    root.classList.toggle("jf-offline", offline);
  }

  // --- In-place update -------------------------------------------------------------------
  const rows = document.getElementById("jf-board-rows");
  const announcer = document.getElementById("jf-board-announce");
  const keyOf = (node) => (node.nodeType === 1 ? node.getAttribute("data-key") : null);

  function syncAttributes(from, to) {
    for (const { name, value } of Array.from(to.attributes)) {
      if (from.getAttribute(name) !== value) from.setAttribute(name, value);
    }
    for (const { name } of Array.from(from.attributes)) {
      if (!to.hasAttribute(name)) from.removeAttribute(name);
    }
  }

  function sameKind(a, b) {
    return a.nodeType === b.nodeType && a.nodeName === b.nodeName && keyOf(a) === keyOf(b);
  }

  // Make `from` look like `to`, keeping every node that can be kept.
  function morph(from, to) {
    if (from.nodeType === 3 || from.nodeType === 8) {
      if (from.nodeValue !== to.nodeValue) from.nodeValue = to.nodeValue;
      return;
    }
    syncAttributes(from, to);
    morphChildren(from, to);
  }

  function morphChildren(parent, next) {
    const keyed = new Map();
    Array.from(parent.childNodes).forEach((n) => { if (keyOf(n)) keyed.set(keyOf(n), n); });
    let cursor = parent.firstChild;
    Array.from(next.childNodes).forEach((incoming) => {
      const key = keyOf(incoming);
      let match = null;
      if (key) match = keyed.get(key) || null;
      else if (cursor && !keyOf(cursor) && sameKind(cursor, incoming)) match = cursor;
      if (match) {
        keyed.delete(key);
        if (match !== cursor) {
          // Moving a node that holds focus blurs it in some browsers: give focus back.
          const focused = match.contains(document.activeElement) ? document.activeElement : null;
          parent.insertBefore(match, cursor);
          if (focused && document.activeElement !== focused) focused.focus({ preventScroll: true });
        } else {
          cursor = cursor.nextSibling;
        }
        morph(match, incoming);
      } else {
        parent.insertBefore(document.importNode(incoming, true), cursor);
      }
    });
    // What is left after the cursor, and keyed rows no longer sent, are gone.
    while (cursor) {
      const after = cursor.nextSibling;
      if (!keyOf(cursor) || keyed.has(keyOf(cursor))) cursor.remove();
      cursor = after;
    }
    keyed.forEach((n) => n.isConnected && n.parentNode === parent && n.remove());
  }

  function incidentKeys(container) {
    return new Set(Array.from(container.querySelectorAll(".jf-incident[data-key]")).map(keyOf));
  }

  function announce(fresh) {
    if (!announcer || fresh.length === 0) return;
    const label = root.dataset.labelNew || "";
    announcer.textContent = fresh
      .map((el) => `${label} ${el.dataset.announce || ""}`.trim())
      .join("；");
  }

  function update(html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    const before = incidentKeys(rows);
    const scroll = window.scrollY;
    morphChildren(rows, template.content);
    if (window.scrollY !== scroll) window.scrollTo({ top: scroll });
    announce(Array.from(rows.querySelectorAll(".jf-incident[data-key]")).filter((el) => !before.has(keyOf(el))));
    readServerNow();
    setOffline(false);
    const refreshed = document.getElementById("jf-refreshed");
    if (refreshed) refreshed.textContent = new Date(Date.now() + offsetMs).toLocaleTimeString("zh-CN", {
      hour12: false,
      timeZone: root.dataset.tz || undefined,
    });
    tick();
    rows.dispatchEvent(new CustomEvent("jf:board-updated", { bubbles: true }));
  }

  let polling = false;
  async function poll() {
    if (polling || !rows || !rows.dataset.src) return;
    polling = true;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 4000);
    try {
      const response = await fetch(rows.dataset.src, {
        headers: { "HX-Request": "true" },
        credentials: "same-origin",
        cache: "no-store",
        signal: abort.signal,
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      update(await response.text());
    } catch (error) {
      setOffline(true);
    } finally {
      clearTimeout(timer);
      polling = false;
    }
  }
  if (rows && rows.dataset.src) setInterval(poll, Number(rows.dataset.every || 5000));

  readServerNow();
  tick();
  setInterval(tick, 1000);
})();
