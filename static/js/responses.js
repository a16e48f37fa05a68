// Answering page: every answer saves itself, and two people never overwrite each other.
// Each question is its own form; the server checks the version the writer started from.
(() => {
  const pending = new Map(); // form → timer
  const busy = new WeakMap(); // form → {running, again}
  let unsaved = 0;

  const field = (form, selector) => form.querySelector(selector);
  const setStatus = (form, text) => { const s = field(form, "[data-status]"); if (s) s.textContent = text; };
  const t = (key) => (document.documentElement.dataset[key] || key);

  function showProblems(form, problems) {
    const list = field(form, "[data-problems]");
    list.replaceChildren(...problems.map((p) => Object.assign(document.createElement("li"), { textContent: p })));
    form.closest(".question").classList.toggle("has-problems", problems.length > 0);
  }

  function describe(value) {
    if (value === null || value === undefined || value === "") return "—";
    if (Array.isArray(value)) return value.map((v) => (typeof v === "object" ? [v.title, v.article, v.link].filter(Boolean).join(", ") : v)).join("; ");
    return String(value);
  }

  function applyProgress(data) {
    for (const scope of ["section", "overall"]) {
      const p = data[scope];
      const bar = document.getElementById(`${scope}-progress`);
      if (bar) { bar.max = p.required; bar.value = p.answered; }
      const label = document.querySelector(`[data-progress="${scope}"]`);
      if (label) label.textContent = `${p.answered}/${p.required}`;
    }
    const shown = new Set(data.shown.map(String));
    document.querySelectorAll("article.question").forEach((q) => { q.hidden = !shown.has(q.id.slice(1)); });
  }

  async function save(form) {
    const state = busy.get(form) || { running: false, again: false };
    busy.set(form, state);
    if (state.running) { state.again = true; return; }
    state.running = true;
    setStatus(form, form.dataset.savingText || "…");
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const data = await response.json().catch(() => ({}));
      if (response.ok) {
        field(form, "input[name=version]").value = data.version;
        showProblems(form, []);
        field(form, "[data-conflict]").hidden = true;
        setStatus(form, `✓ ${data.saved}`);
        applyProgress(data);
        if (form.dataset.dirty) { delete form.dataset.dirty; unsaved -= 1; }
      } else if (response.status === 409) {
        const box = field(form, "[data-conflict]");
        field(box, "[data-conflict-message]").textContent = data.message;
        field(box, "[data-theirs]").textContent = describe(data.conflict.value);
        box.dataset.version = data.conflict.version;
        box.hidden = false;
        setStatus(form, "⚠");
      } else if (response.status === 400) {
        showProblems(form, data.problems || []);
        setStatus(form, "✗");
      } else {
        throw new Error(String(response.status));
      }
    } catch (error) {
      // offline or the server is away: keep the text in the page and try again
      setStatus(form, "… ↻");
      setTimeout(() => save(form), 5000);
    } finally {
      state.running = false;
      if (state.again) { state.again = false; save(form); }
    }
  }

  function schedule(form, delay) {
    if (!form.dataset.dirty) { form.dataset.dirty = "1"; unsaved += 1; }
    clearTimeout(pending.get(form));
    pending.set(form, setTimeout(() => save(form), delay));
  }

  document.querySelectorAll("form[data-autosave]").forEach((form) => {
    if (form.hasAttribute("inert")) return;
    form.addEventListener("input", (event) => {
      if (event.target.matches("textarea, input[type=text], input[type=url]")) schedule(form, 900);
    });
    // A radio moved with the arrow keys is a choice in progress: it is saved when the user leaves the
    // question (or presses Enter), not at each step; a click saves at once.
    let byKeyboard = false;
    form.addEventListener("keydown", (event) => { byKeyboard = event.key.startsWith("Arrow"); });
    form.addEventListener("pointerdown", () => { byKeyboard = false; });
    form.addEventListener("change", (event) => {
      if (event.target.matches("input[type=radio]") && byKeyboard) {
        if (!form.dataset.dirty) { form.dataset.dirty = "1"; unsaved += 1; }
        return;
      }
      schedule(form, 0);
    });
    form.addEventListener("focusout", (event) => {
      const radio = event.target;
      if (!form.dataset.dirty || !radio.matches("input[type=radio]")) return;
      const next = event.relatedTarget;
      if (!(next && next.matches("input[type=radio]") && next.name === radio.name)) schedule(form, 0);
    });
    form.addEventListener("submit", (event) => { event.preventDefault(); schedule(form, 0); });
    const box = field(form, "[data-conflict]");
    field(box, "[data-keep-mine]").addEventListener("click", () => {
      field(form, "input[name=version]").value = box.dataset.version;
      box.hidden = true;
      schedule(form, 0);
    });
    field(box, "[data-take-theirs]").addEventListener("click", () => {
      if (form.dataset.dirty) { delete form.dataset.dirty; unsaved -= 1; }
      window.location.hash = form.closest(".question").id;
      window.location.reload();
    });
    const add = field(form, "[data-add-reference]");
    if (add) {
      add.addEventListener("click", () => {
        const row = document.getElementById("reference-row").content.cloneNode(true);
        field(form, ".references").append(row);
      });
    }
  });

  // character count against the limit of a short-text question
  document.querySelectorAll("textarea[data-limit]").forEach((area) => {
    const help = document.getElementById(area.getAttribute("aria-describedby"));
    const base = help.textContent;
    const update = () => {
      const over = area.value.length > Number(area.dataset.limit);
      help.textContent = `${base} (${area.value.length})`;
      help.classList.toggle("over", over);
    };
    area.addEventListener("input", update);
    update();
  });

  // files over the limit are refused before they are sent by portal.js, as everywhere in the portal

  window.addEventListener("beforeunload", (event) => { if (unsaved > 0) event.preventDefault(); });
})();
