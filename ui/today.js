// The Today view: the date and a one-line status, the quick-log form, today's events, the
// check-in and one reflection prompt. Forms are built once and kept, so what is typed survives
// reloads of the lists and failed saves.

import { api } from "./api.js";
import { h, replace, uid } from "./dom.js";

export const KINDS = [
  { value: "completed", label: "Completed", key: "c" },
  { value: "delayed_start", label: "Delayed start", key: "d" },
  { value: "unfinished", label: "Unfinished", key: "u" },
  { value: "avoided", label: "Avoided", key: "a" },
  { value: "switched", label: "Switched", key: "s" },
  { value: "skipped", label: "Skipped", key: "k" },
];
const KIND_LABEL = Object.fromEntries(KINDS.map((k) => [k.value, k.label]));
const KIND_BY_KEY = Object.fromEntries(KINDS.map((k) => [k.key, k.value]));

const LAYER_WORDS = {
  belief: "Belief — what your system accepts as true",
  thinking: "Thinking — how you read what happens",
  execution: "Execution — what you actually do",
};

const EMOTIONS = [
  "calm", "focused", "relieved", "proud", "tired", "bored", "restless",
  "anxious", "overwhelmed", "frustrated", "guilty", "ashamed", "doubtful",
];

const UNDO_SECONDS = 8;

// ---------------------------------------------------------------------------------------------
// Small controls

/** A labelled field with an error line under it. */
function field(labelText, control, opts = {}) {
  const errId = uid("err");
  const error = h("p", {
    class: "field-error",
    id: errId,
    attrs: { role: "alert", "data-testid": opts.errorTestid, hidden: true },
  });
  control.setAttribute("aria-describedby", errId);
  if (!control.id) control.id = uid("f");
  const label = h("label", { class: "field-label", attrs: { for: control.id } }, labelText);
  const wrap = h("div", { class: `field ${opts.class || ""}` }, label, control, error);
  return { wrap, control, error, label };
}

/** Shows a message under a field (or hides it with null) and marks the control invalid. */
function showError(f, message) {
  if (!f) return;
  f.error.textContent = message || "";
  f.error.hidden = !message;
  const target = f.focusTarget || f.control;
  if (message) target.setAttribute("aria-invalid", "true");
  else target.removeAttribute("aria-invalid");
}

function textInput(testid, opts = {}) {
  return h("input", {
    type: "text",
    autocomplete: "off",
    spellcheck: opts.spellcheck ?? false,
    attrs: {
      "data-testid": testid,
      placeholder: opts.placeholder,
      list: opts.list,
      inputmode: opts.inputmode,
      maxlength: opts.maxlength,
    },
  });
}

/**
 * A 1–5 radio group: arrow keys move (native), digits 1–5 pick, Backspace/Delete/0 clears.
 * `low`/`high` label the ends.
 */
function scale({ name, legend, low, high, testid }) {
  const labelId = uid("lbl");
  const inputs = [];
  const options = [1, 2, 3, 4, 5].map((n) => {
    const words = n === 1 && low ? `1, ${low}` : n === 5 && high ? `5, ${high}` : String(n);
    const input = h("input", {
      type: "radio",
      name,
      value: String(n),
      class: "visually-hidden",
      attrs: { "data-testid": `${testid}-${n}`, "aria-label": words },
    });
    inputs.push(input);
    return h("label", { class: "scale-opt" }, input, h("span", { text: String(n), attrs: { "aria-hidden": "true" } }));
  });
  const group = h(
    "div",
    {
      class: "scale",
      attrs: { role: "radiogroup", "aria-labelledby": labelId, "data-testid": testid },
    },
    low ? h("span", { class: "scale-end", text: low, attrs: { "aria-hidden": "true" } }) : null,
    h("span", { class: "scale-opts" }, options),
    high ? h("span", { class: "scale-end", text: high, attrs: { "aria-hidden": "true" } }) : null,
  );
  const api = {
    group,
    label: h("span", { class: "field-label", id: labelId, text: legend }),
    get() {
      const c = inputs.find((i) => i.checked);
      return c ? Number(c.value) : null;
    },
    set(v) {
      for (const i of inputs) i.checked = v !== null && v !== undefined && Number(i.value) === Number(v);
    },
    focus() {
      (inputs.find((i) => i.checked) || inputs[0]).focus();
    },
    inputs,
  };
  group.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (/^[1-5]$/.test(e.key)) {
      e.preventDefault();
      api.set(Number(e.key));
      inputs[Number(e.key) - 1].focus();
      group.dispatchEvent(new Event("change", { bubbles: true }));
    } else if (e.key === "0" || e.key === "Backspace" || e.key === "Delete") {
      e.preventDefault();
      api.set(null);
      group.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
  return api;
}

function scaleField(opts) {
  const s = scale(opts);
  const errId = uid("err");
  const error = h("p", {
    class: "field-error",
    id: errId,
    attrs: { role: "alert", "data-testid": opts.errorTestid, hidden: true },
  });
  s.group.setAttribute("aria-describedby", errId);
  const wrap = h("div", { class: `field field-scale ${opts.class || ""}` }, s.label, s.group, error);
  return { wrap, control: s.group, focusTarget: s.group, error, scale: s };
}

/** Reads a number typed in a text field: null when empty, NaN when not a number. */
function numberValue(input) {
  const t = input.value.trim().replace(/%$/, "").replace(",", ".").trim();
  if (t === "") return null;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
}

function timeOf(instant) {
  return instant ? instant.slice(11, 16) : "";
}

function formatDate(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  const date = new Date(y, m - 1, d);
  return new Intl.DateTimeFormat(undefined, { weekday: "long", day: "numeric", month: "long" }).format(date);
}

function localIsoDate(d = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Fills a datalist with options (values set as properties, never parsed). */
function fillDatalist(list, values) {
  replace(list, values.map((v) => h("option", { value: v })));
}

/** Suggestions from history for an input, fetched as the person types. */
function suggest(input, list, what, opts = {}) {
  let timer = null;
  let last = null;
  const run = async () => {
    const text = input.value;
    const parts = opts.commaSeparated ? text.split(",") : [text];
    const prefix = parts[parts.length - 1].trim();
    const head = opts.commaSeparated ? parts.slice(0, -1).map((p) => p.trim()).filter(Boolean) : [];
    const key = `${head.join(",")}|${prefix}`;
    if (key === last) return;
    last = key;
    try {
      const found = await api.suggestions(what, prefix);
      const extra = (opts.extra || []).filter((v) => v.startsWith(prefix.toLowerCase()));
      const merged = [...new Set([...found, ...extra])].filter((v) => v !== prefix && !head.includes(v));
      fillDatalist(list, merged.map((v) => (head.length ? `${head.join(", ")}, ${v}` : v)));
    } catch {
      // Suggestions are a convenience; the field works without them.
    }
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  input.addEventListener("focus", run);
}

function isTypingTarget(el) {
  return el && (el.tagName === "TEXTAREA" || el.tagName === "BUTTON" || el.isContentEditable);
}

// ---------------------------------------------------------------------------------------------
// The view

export function createToday(root, { announce, go }) {
  const state = {
    view: null,
    editing: null,
    busy: false,
    undo: null,
  };

  // --- header
  const dateEl = h("h1", { class: "date", attrs: { "data-testid": "today-date" } });
  const statusEl = h("p", { class: "status", attrs: { "data-testid": "today-status", "aria-live": "polite" } });
  // The running pathways' next steps: what realignment asks of today.
  const pathwaysEl = h("ul", { class: "today-pathways", attrs: { "data-testid": "today-pathways", "aria-label": "Your pathways", hidden: true } });
  const header = h("header", { class: "today-head" }, dateEl, statusEl, pathwaysEl);

  // --- quick-log form
  const kindLabelId = uid("lbl");
  const kindInputs = [];
  const kindGroup = h(
    "div",
    {
      class: "kinds",
      attrs: { role: "radiogroup", "aria-labelledby": kindLabelId, "data-testid": "log-kind" },
    },
    KINDS.map((k) => {
      const input = h("input", {
        type: "radio",
        name: "kind",
        value: k.value,
        class: "visually-hidden",
        attrs: {
          "data-testid": `kind-${k.value}`,
          "aria-keyshortcuts": `Alt+${k.key.toUpperCase()}`,
        },
      });
      kindInputs.push(input);
      return h(
        "label",
        { class: `kind-opt kind-${k.value}`, title: `${k.label} — Alt+${k.key.toUpperCase()}` },
        input,
        h("span", { class: "kind-face" }, h("span", { text: k.label }), h("kbd", { text: k.key })),
      );
    }),
  );
  const kindError = h("p", {
    class: "field-error",
    id: uid("err"),
    attrs: { role: "alert", "data-testid": "error-kind", hidden: true },
  });
  kindGroup.setAttribute("aria-describedby", kindError.id);
  const kindField = {
    wrap: h(
      "div",
      { class: "field field-kind" },
      h("span", { class: "field-label", id: kindLabelId, text: "What happened" }),
      kindGroup,
      kindError,
    ),
    control: kindGroup,
    focusTarget: kindGroup,
    error: kindError,
  };

  const taskList = h("datalist", { id: uid("dl") });
  const domainList = h("datalist", { id: uid("dl") });
  const emotionList = h("datalist", { id: uid("dl") });
  const tagList = h("datalist", { id: uid("dl") });
  fillDatalist(emotionList, EMOTIONS);

  const f = {
    kind: kindField,
    task: field("Task", textInput("log-task", { list: taskList.id, placeholder: "What was the planned work?", maxlength: 500, spellcheck: true }), { class: "grow-2", errorTestid: "error-task" }),
    domain: field("Area", textInput("log-domain", { list: domainList.id, placeholder: "optional", maxlength: 500 }), { class: "grow-1", errorTestid: "error-domain" }),
    time: field("Time", textInput("log-time", { placeholder: "now", inputmode: "numeric", maxlength: 8 }), { class: "narrow", errorTestid: "error-time" }),
    planned: field("Planned for", textInput("log-planned", { placeholder: "HH:MM", inputmode: "numeric", maxlength: 8 }), { class: "narrow only-delayed", errorTestid: "error-planned" }),
    delay: field("Delay (min)", textInput("log-delay", { placeholder: "e.g. 40", inputmode: "numeric", maxlength: 8 }), { class: "narrow only-delayed", errorTestid: "error-delay" }),
    progress: field("Progress (%)", textInput("log-progress", { placeholder: "0–100", inputmode: "decimal", maxlength: 8 }), { class: "narrow only-progress", errorTestid: "error-progress" }),
    emotion: field("Emotion", textInput("log-emotion", { list: emotionList.id, placeholder: "one word", maxlength: 500 }), { class: "mid", errorTestid: "error-emotion" }),
    thought: field("What you told yourself", textInput("log-thought", { placeholder: "the thought right before or during", maxlength: 10000, spellcheck: true }), { class: "grow-3", errorTestid: "error-thought" }),
    friction: scaleField({ name: "friction", legend: "Friction", low: "easy", high: "a fight", testid: "log-friction", errorTestid: "error-friction" }),
    tags: field("Tags", textInput("log-tags", { list: tagList.id, placeholder: "comma, separated", maxlength: 2000 }), { class: "grow-1", errorTestid: "error-tags" }),
  };
  const FIELD_OF = {
    kind: "kind", task: "task", domain: "domain", time: "time", at: "time", date: "time",
    planned: "planned", planned_at: "planned", delay_minutes: "delay", progress: "progress",
    thought: "thought", emotion: "emotion", friction: "friction", tags: "tags",
  };

  // Tags typed as "a, b" show as chips under the field.
  const tagChips = h("div", { class: "tag-chips", attrs: { "data-testid": "log-tag-chips", "aria-hidden": "true" } });
  f.tags.wrap.insertBefore(tagChips, f.tags.error);
  function renderTagChips() {
    const seen = new Set();
    const tags = f.tags.control.value
      .split(",")
      .map((t) => t.trim().replace(/^#+/, "").trim())
      .filter((t) => t && !seen.has(t) && seen.add(t));
    replace(tagChips, tags.map((t) => h("span", { class: "tag", text: `#${t}` })));
  }
  f.tags.control.addEventListener("input", renderTagChips);

  suggest(f.task.control, taskList, "task");
  suggest(f.domain.control, domainList, "domain");
  suggest(f.emotion.control, emotionList, "emotion", { extra: EMOTIONS });
  suggest(f.tags.control, tagList, "tag", { commaSeparated: true });

  const logError = h("p", { class: "form-error", attrs: { role: "alert", "data-testid": "log-error", hidden: true } });
  const saveBtn = h("button", { type: "submit", class: "primary", attrs: { "data-testid": "log-save" } }, "Log event");
  const cancelBtn = h("button", { type: "button", class: "quiet", attrs: { "data-testid": "log-clear" } }, "Clear");
  const logHint = h("span", { class: "hint" }, h("kbd", { text: "Enter" }), " saves · ", h("kbd", { text: "Esc" }), " clears · ", h("kbd", { text: "Alt" }), "+letter picks the kind");
  const logForm = h(
    "form",
    { class: "log-form", noValidate: true, attrs: { "data-testid": "log-form", "aria-label": "Log an event" } },
    kindField.wrap,
    h("div", { class: "row" }, f.task.wrap, f.domain.wrap, f.time.wrap),
    h("div", { class: "row" }, f.planned.wrap, f.delay.wrap, f.progress.wrap, f.thought.wrap),
    h("div", { class: "row" }, f.emotion.wrap, f.friction.wrap, f.tags.wrap),
    logError,
    h("div", { class: "actions" }, saveBtn, cancelBtn, logHint),
    taskList, domainList, emotionList, tagList,
  );
  const logTitle = h("h2", { text: "Log what happened" });
  const logSection = h("section", { class: "block", attrs: { "aria-label": "Quick log" } }, logTitle, logForm);

  function selectedKind() {
    const c = kindInputs.find((i) => i.checked);
    return c ? c.value : null;
  }
  function setKind(value) {
    for (const i of kindInputs) i.checked = i.value === value;
    syncKind();
  }
  function syncKind() {
    const k = selectedKind();
    logForm.dataset.kind = k || "";
    if (k) showError(kindField, null);
  }
  kindGroup.addEventListener("change", syncKind);
  kindGroup.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const value = KIND_BY_KEY[e.key.toLowerCase()];
    if (value) {
      e.preventDefault();
      setKind(value);
      kindInputs.find((i) => i.value === value).focus();
    }
  });

  function clearLogErrors() {
    for (const x of Object.values(f)) showError(x, null);
    logError.hidden = true;
    logError.textContent = "";
  }

  function resetLog() {
    state.editing = null;
    setKind(null);
    for (const [name, x] of Object.entries(f)) {
      if (name === "kind") continue;
      if (x.scale) x.scale.set(null);
      else x.control.value = "";
    }
    clearLogErrors();
    renderTagChips();
    logTitle.textContent = "Log what happened";
    saveBtn.textContent = "Log event";
    cancelBtn.textContent = "Clear";
    logForm.classList.remove("editing");
  }

  function formInput() {
    const kind = selectedKind();
    const num = (x) => numberValue(x.control);
    const onlyIf = (cond, v) => (cond ? v : null);
    return {
      kind: kind || "",
      task: f.task.control.value,
      date: state.editing ? state.editing.at.slice(0, 10) : null,
      time: f.time.control.value.trim() || null,
      planned: onlyIf(kind === "delayed_start", f.planned.control.value.trim() || null),
      delay_minutes: onlyIf(kind === "delayed_start", num(f.delay)),
      progress_percent: onlyIf(kind === "unfinished" || kind === "switched", num(f.progress)),
      domain: f.domain.control.value || null,
      thought: f.thought.control.value || null,
      emotion: f.emotion.control.value || null,
      friction: f.friction.scale.get(),
      tags: f.tags.control.value,
      note: state.editing ? state.editing.note : null,
    };
  }

  /** Checks the form can be sent at all; the backend checks everything else. */
  function localProblems(input) {
    if (!input.kind) return ["kind", "Pick what happened: c, d, u, a, s or k (with Alt from any field)."];
    if (!input.task.trim()) return ["task", "Task is needed: name the planned piece of work."];
    if (Number.isNaN(input.delay_minutes)) return ["delay", `Delay: “${f.delay.control.value.trim()}” is not a number of minutes.`];
    if (Number.isNaN(input.progress_percent)) return ["progress", `Progress: “${f.progress.control.value.trim()}” is not a number from 0 to 100.`];
    return null;
  }

  async function submitLog() {
    if (state.busy) return;
    clearLogErrors();
    const input = formInput();
    const local = localProblems(input);
    if (local) {
      const [name, message] = local;
      showError(f[name], message);
      (f[name].focusTarget === kindGroup ? kindInputs[0] : f[name].control).focus();
      return;
    }
    state.busy = true;
    try {
      const editing = state.editing;
      const saved = editing ? await api.editEvent(editing.id, input) : await api.logEvent(input);
      resetLog();
      f.task.control.focus();
      announce(editing ? `Saved changes to “${saved.task}”.` : `Logged “${saved.task}”.`);
      await reload(saved.id);
    } catch (e) {
      const name = FIELD_OF[e.field];
      if (name && f[name]) {
        showError(f[name], e.message);
        const target = f[name].scale ? null : f[name].control;
        if (target) target.focus();
        else if (f[name].scale) f[name].scale.focus();
      } else {
        logError.textContent = e.message;
        logError.hidden = false;
      }
    } finally {
      state.busy = false;
    }
  }

  logForm.addEventListener("submit", (e) => {
    e.preventDefault();
    submitLog();
  });
  cancelBtn.addEventListener("click", () => {
    resetLog();
    f.task.control.focus();
  });
  logForm.addEventListener("keydown", (e) => {
    if (e.altKey && !e.ctrlKey && !e.metaKey && /^Key[A-Z]$/.test(e.code)) {
      const value = KIND_BY_KEY[e.code.slice(3).toLowerCase()];
      if (value) {
        e.preventDefault();
        setKind(value);
        return;
      }
    }
    if (e.key === "Enter" && !e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && !isTypingTarget(e.target)) {
      e.preventDefault();
      submitLog();
    } else if (e.key === "Escape") {
      e.preventDefault();
      resetLog();
      f.task.control.focus();
    }
  });

  function startEdit(ev) {
    resetLog();
    state.editing = ev;
    setKind(ev.kind);
    f.task.control.value = ev.task;
    f.domain.control.value = ev.domain || "";
    f.time.control.value = timeOf(ev.at);
    f.planned.control.value = ev.planned_at && ev.planned_at.slice(0, 10) === ev.at.slice(0, 10) ? timeOf(ev.planned_at) : "";
    f.delay.control.value = ev.delay_minutes ?? "";
    f.progress.control.value = ev.progress === null || ev.progress === undefined ? "" : String(Math.round(ev.progress * 1000) / 10);
    f.emotion.control.value = ev.emotion || "";
    f.thought.control.value = ev.thought || "";
    f.friction.scale.set(ev.friction);
    f.tags.control.value = (ev.tags || []).join(", ");
    renderTagChips();
    logTitle.textContent = `Editing “${ev.task}”`;
    saveBtn.textContent = "Save changes";
    cancelBtn.textContent = "Cancel";
    logForm.classList.add("editing");
    logSection.scrollIntoView({ block: "start", behavior: "smooth" });
    f.task.control.focus();
  }

  // --- events list
  const listEl = h("ul", { class: "events", attrs: { "data-testid": "event-list" } });
  const undoBar = h("div", { class: "undo", attrs: { role: "status", "data-testid": "undo-bar", hidden: true } });
  const eventsSection = h(
    "section",
    { class: "block", attrs: { "aria-label": "Today's events" } },
    h("h2", { text: "Today" }),
    listEl,
    undoBar,
  );

  function eventMeta(ev) {
    const bits = [];
    if (ev.domain) bits.push(ev.domain);
    if (ev.kind === "delayed_start") {
      if (ev.delay_minutes !== null && ev.delay_minutes !== undefined) bits.push(`started ${ev.delay_minutes} min late`);
      else if (ev.planned_at) bits.push(`planned ${timeOf(ev.planned_at)}`);
    }
    if (ev.progress !== null && ev.progress !== undefined) bits.push(`${Math.round(ev.progress * 100)}% done`);
    if (ev.emotion) bits.push(ev.emotion);
    if (ev.friction) bits.push(`friction ${ev.friction} of 5`);
    for (const t of ev.tags || []) bits.push(`#${t}`);
    return bits.join(" · ");
  }

  function renderEvents(highlightId) {
    const events = state.view ? state.view.events : [];
    if (events.length === 0) {
      replace(listEl, h("li", { class: "empty", attrs: { "data-testid": "events-empty" } },
        "Nothing logged yet today. Log one planned piece of work and what happened to it — a completion counts as much as a delay."));
      return;
    }
    replace(
      listEl,
      events.map((ev) => {
        const meta = eventMeta(ev);
        const edit = h("button", { type: "button", class: "quiet small", attrs: { "data-testid": "event-edit", "aria-label": `Edit “${ev.task}”` }, on: { click: () => startEdit(ev) } }, "Edit");
        const del = h("button", { type: "button", class: "quiet small", attrs: { "data-testid": "event-delete", "aria-label": `Delete “${ev.task}”` }, on: { click: () => remove(ev) } }, "Delete");
        return h(
          "li",
          { class: `event${ev.id === highlightId ? " fresh" : ""}`, attrs: { "data-testid": "event", "data-id": ev.id, "data-kind": ev.kind } },
          h("span", { class: "event-time", text: timeOf(ev.at), attrs: { "data-testid": "event-time" } }),
          h("span", { class: `chip kind-${ev.kind}`, text: KIND_LABEL[ev.kind] || ev.kind, attrs: { "data-testid": "event-kind" } }),
          h(
            "div",
            { class: "event-body" },
            h("p", { class: "event-task", text: ev.task, attrs: { "data-testid": "event-task" } }),
            ev.thought ? h("p", { class: "event-thought", text: `“${ev.thought}”`, attrs: { "data-testid": "event-thought" } }) : null,
            meta ? h("p", { class: "event-meta", text: meta }) : null,
          ),
          h("span", { class: "event-actions" }, edit, del),
        );
      }),
    );
  }

  function dropUndo() {
    if (state.undo) clearTimeout(state.undo.timer);
    state.undo = null;
    undoBar.hidden = true;
    undoBar.replaceChildren();
  }

  async function remove(ev) {
    try {
      const deleted = await api.deleteEvent(ev.id);
      if (state.editing && state.editing.id === ev.id) resetLog();
      dropUndo();
      const undoBtn = h("button", { type: "button", class: "link", attrs: { "data-testid": "undo-button" } }, "Undo");
      replace(undoBar, h("span", { text: `Deleted “${deleted.task}”.` }), undoBtn);
      undoBar.hidden = false;
      state.undo = { event: deleted, timer: setTimeout(dropUndo, UNDO_SECONDS * 1000) };
      undoBtn.addEventListener("click", async () => {
        const pending = state.undo;
        if (!pending) return;
        dropUndo();
        try {
          await api.undoDelete(pending.event);
          announce(`Restored “${pending.event.task}”.`);
          await reload(pending.event.id);
        } catch (e) {
          replace(undoBar, h("span", { class: "error-text", text: e.message }));
          undoBar.hidden = false;
        }
      });
      await reload();
      undoBtn.focus();
    } catch (e) {
      replace(undoBar, h("span", { class: "error-text", text: e.message }));
      undoBar.hidden = false;
    }
  }

  // --- check-in
  const ck = {
    alignment: scaleField({ name: "alignment", legend: "How did execution feel today?", low: "enforcement", high: "continuation", testid: "checkin-alignment", errorTestid: "error-alignment", class: "wide" }),
    energy: scaleField({ name: "energy", legend: "Energy", low: "low", high: "high", testid: "checkin-energy", errorTestid: "error-energy" }),
    mood: scaleField({ name: "mood", legend: "Mood", low: "low", high: "good", testid: "checkin-mood", errorTestid: "error-mood" }),
    note: field("Note", textInput("checkin-note", { placeholder: "optional", maxlength: 10000, spellcheck: true }), { class: "full", errorTestid: "error-note" }),
  };
  const ckSaved = h("span", { class: "hint", attrs: { "data-testid": "checkin-saved", "aria-live": "polite" } });
  const ckError = h("p", { class: "form-error", attrs: { role: "alert", "data-testid": "checkin-error", hidden: true } });
  const ckSave = h("button", { type: "submit", class: "primary", attrs: { "data-testid": "checkin-save" } }, "Save check-in");
  const ckForm = h(
    "form",
    { class: "checkin-form", noValidate: true, attrs: { "data-testid": "checkin-form", "aria-label": "Daily check-in" } },
    h("div", { class: "row" }, ck.alignment.wrap),
    h("div", { class: "row" }, ck.energy.wrap, ck.mood.wrap),
    h("div", { class: "row" }, ck.note.wrap),
    ckError,
    h("div", { class: "actions" }, ckSave, ckSaved),
  );
  const ckSection = h("section", { class: "block", attrs: { "aria-label": "Check-in" } }, h("h2", { text: "Check-in" }), ckForm);

  function fillCheckin(c) {
    ck.alignment.scale.set(c ? c.alignment : null);
    ck.energy.scale.set(c ? c.energy : null);
    ck.mood.scale.set(c ? c.mood : null);
    ck.note.control.value = c && c.note ? c.note : "";
    ckSaved.textContent = c ? "Saved for today. Change anything and save again." : "One minute: how today felt, not how it went.";
  }

  async function saveCheckin() {
    if (state.busy) return;
    for (const x of Object.values(ck)) showError(x, null);
    ckError.hidden = true;
    const alignment = ck.alignment.scale.get();
    if (alignment === null) {
      showError(ck.alignment, "Pick how execution felt: 1 (enforcement) to 5 (continuation).");
      ck.alignment.scale.focus();
      return;
    }
    state.busy = true;
    try {
      await api.saveCheckin({
        date: state.view ? state.view.date : null,
        alignment,
        energy: ck.energy.scale.get(),
        mood: ck.mood.scale.get(),
        note: ck.note.control.value || null,
        tags: state.view && state.view.checkin ? state.view.checkin.tags.join(", ") : "",
      });
      announce("Check-in saved.");
      await reload();
    } catch (e) {
      const target = ck[e.field];
      if (target) showError(target, e.message);
      else {
        ckError.textContent = e.message;
        ckError.hidden = false;
      }
    } finally {
      state.busy = false;
    }
  }
  ckForm.addEventListener("submit", (e) => {
    e.preventDefault();
    saveCheckin();
  });
  ckForm.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && !isTypingTarget(e.target)) {
      e.preventDefault();
      saveCheckin();
    } else if (e.key === "Escape") {
      e.preventDefault();
      fillCheckin(state.view ? state.view.checkin : null);
    }
  });

  // --- reflection
  const layerEl = h("p", { class: "layer", attrs: { "data-testid": "prompt-layer" } });
  const promptEl = h("p", { class: "prompt", attrs: { "data-testid": "prompt-text" } });
  const rText = h("textarea", { rows: 3, attrs: { "data-testid": "reflect-text", placeholder: "Write as much or as little as is true.", maxlength: 200000 } });
  const rField = field("Your answer", rText, { class: "full", errorTestid: "error-text" });
  const rError = h("p", { class: "form-error", attrs: { role: "alert", "data-testid": "reflect-error", hidden: true } });
  const rSave = h("button", { type: "submit", class: "primary", attrs: { "data-testid": "reflect-save" } }, "Save answer");
  const rAnswers = h("ul", { class: "answers", attrs: { "data-testid": "reflection-list" } });
  const rForm = h(
    "form",
    { class: "reflect-form", noValidate: true, attrs: { "data-testid": "reflect-form", "aria-label": "Reflection" } },
    layerEl,
    promptEl,
    rField.wrap,
    rError,
    h("div", { class: "actions" }, rSave, h("span", { class: "hint" }, h("kbd", { text: "Ctrl+Enter" }), " saves")),
  );
  const rSection = h("section", { class: "block", attrs: { "aria-label": "Reflection" } }, h("h2", { text: "Reflection" }), rForm, rAnswers);

  async function saveReflection() {
    if (state.busy || !state.view || !state.view.prompt) return;
    showError(rField, null);
    rError.hidden = true;
    if (!rText.value.trim()) {
      showError(rField, "Write an answer first; even one sentence is enough.");
      rText.focus();
      return;
    }
    state.busy = true;
    try {
      await api.addReflection({ text: rText.value, prompt_id: state.view.prompt.id });
      rText.value = "";
      announce("Reflection saved.");
      await reload();
    } catch (e) {
      if (e.field === "text") showError(rField, e.message);
      else {
        rError.textContent = e.message;
        rError.hidden = false;
      }
    } finally {
      state.busy = false;
    }
  }
  rForm.addEventListener("submit", (e) => {
    e.preventDefault();
    saveReflection();
  });
  rText.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      saveReflection();
    }
  });

  function renderReflection() {
    const v = state.view;
    const prompt = v && v.prompt;
    rSection.hidden = !prompt;
    if (!prompt) return;
    layerEl.textContent = LAYER_WORDS[prompt.layer] || prompt.layer;
    promptEl.textContent = prompt.text;
    replace(
      rAnswers,
      v.reflections.map((r) =>
        h(
          "li",
          { class: "answer", attrs: { "data-testid": "reflection" } },
          h("span", { class: "event-time", text: timeOf(r.at) }),
          h(
            "div",
            { class: "event-body" },
            h("p", { class: "answer-text", text: r.text, attrs: { "data-testid": "reflection-text" } }),
          ),
        ),
      ),
    );
  }

  // --- whole view
  const errorBanner = h("p", { class: "form-error banner", attrs: { role: "alert", "data-testid": "load-error", hidden: true } });
  replace(root, h("div", { class: "today", attrs: { "data-testid": "today" } }, header, errorBanner, logSection, eventsSection, ckSection, rSection));

  function renderPathways() {
    const ps = state.view.pathways || [];
    replace(
      pathwaysEl,
      ps.map((p) =>
        h(
          "li",
          { class: "today-pathway", attrs: { "data-testid": "today-pathway", title: `Answers: ${p.statement}` } },
          h("span", { class: "evidence-label", text: "Pathway" }),
          " ",
          h("span", { class: "today-pathway-next", text: p.next_action || "" }),
          p.cycle ? h("span", { class: "hint", text: ` · ${p.cycle}` }) : null,
          go ? h("button", { type: "button", class: "link small", on: { click: () => go("realign") } }, "Realign") : null,
        ),
      ),
    );
    pathwaysEl.hidden = ps.length === 0;
  }

  function renderStatus() {
    const v = state.view;
    const n = v.events.length;
    const logged = n === 0 ? "Nothing logged yet" : `${n} logged`;
    const checkin = v.checkin ? "check-in done" : "check-in not done";
    const parts = [logged, checkin];
    if (v.reflections.length) parts.push(v.reflections.length === 1 ? "1 reflection" : `${v.reflections.length} reflections`);
    statusEl.textContent = parts.join(" · ");
  }

  async function reload(highlightId) {
    try {
      const view = await api.today(null);
      // A prompt a reminder brought takes the day's place until it is answered.
      const pending = await api.pendingPrompt().catch(() => null);
      if (pending) view.prompt = pending.prompt;
      const dayChanged = !state.view || state.view.date !== view.date;
      state.view = view;
      errorBanner.hidden = true;
      dateEl.textContent = formatDate(view.date);
      dateEl.dataset.date = view.date;
      renderStatus();
      renderPathways();
      renderEvents(highlightId);
      if (dayChanged) fillCheckin(view.checkin);
      else ckSaved.textContent = view.checkin ? "Saved for today. Change anything and save again." : ckSaved.textContent;
      renderReflection();
      root.dataset.ready = "true";
    } catch (e) {
      errorBanner.textContent = `Today could not be loaded: ${e.message}`;
      errorBanner.hidden = false;
    }
  }

  return {
    async show() {
      await reload();
      f.task.control.focus();
    },
    /** Reloads when the local date moved on while the window was open. */
    async refreshIfNewDay() {
      if (state.view && state.view.date !== localIsoDate()) await reload();
      else if (state.view) {
        // A reminder may have brought a prompt while the window was away.
        const pending = await api.pendingPrompt().catch(() => null);
        if (pending && (!state.view.prompt || state.view.prompt.id !== pending.prompt.id)) await reload();
      }
    },
    focusLog() {
      f.task.control.focus();
    },
  };
}
