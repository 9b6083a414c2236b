// Today's quick-log form: what happened to one planned piece of work, with the kind picked by a
// letter, the time, what was told to oneself and how hard it was. Also edits a logged event.

import { api } from "./api.js";
import { h, replace, uid } from "./dom.js";
import { field, fieldRow, fillDatalist, isTypingTarget, numberValue, scaleField, showError, suggest, textInput } from "./form.js";
import { hhmm } from "./format.js";
import { KIND_BY_KEY, KINDS } from "./kinds.js";

const EMOTIONS = [
  "calm",
  "focused",
  "relieved",
  "proud",
  "tired",
  "bored",
  "restless",
  "anxious",
  "overwhelmed",
  "frustrated",
  "guilty",
  "ashamed",
  "doubtful",
];

/**
 * The quick-log section. `state` is the view's (`editing`, `busy`); `reload(id)` reloads the
 * view, marking the event `id` as fresh.
 */
export function createLogSection({ state, announce, reload }) {
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
    task: field(
      "Task",
      textInput("log-task", { list: taskList.id, placeholder: "What was the planned work?", maxlength: 500, spellcheck: true }),
      { class: "grow-2", errorTestid: "error-task" },
    ),
    domain: field("Area", textInput("log-domain", { list: domainList.id, placeholder: "optional", maxlength: 500 }), {
      class: "grow-1",
      errorTestid: "error-domain",
    }),
    time: field("Time", textInput("log-time", { placeholder: "now", maxlength: 12 }), {
      class: "narrow",
      errorTestid: "error-time",
    }),
    planned: field("Planned for", textInput("log-planned", { placeholder: "HH:MM", inputmode: "numeric", maxlength: 8 }), {
      class: "narrow only-delayed",
      errorTestid: "error-planned",
    }),
    delay: field("Delay (min)", textInput("log-delay", { placeholder: "e.g. 40", inputmode: "numeric", maxlength: 8 }), {
      class: "narrow only-delayed",
      errorTestid: "error-delay",
    }),
    progress: field("Progress (%)", textInput("log-progress", { placeholder: "0–100", inputmode: "decimal", maxlength: 8 }), {
      class: "narrow only-progress",
      errorTestid: "error-progress",
    }),
    emotion: field("Emotion", textInput("log-emotion", { list: emotionList.id, placeholder: "one word", maxlength: 500 }), {
      class: "mid",
      errorTestid: "error-emotion",
    }),
    thought: field(
      "What you told yourself",
      textInput("log-thought", { placeholder: "the thought right before or during", maxlength: 10000, spellcheck: true }),
      { class: "grow-3", errorTestid: "error-thought" },
    ),
    friction: scaleField({
      name: "friction",
      legend: "Friction",
      low: "easy",
      high: "a fight",
      testid: "log-friction",
      errorTestid: "error-friction",
    }),
    tags: field("Tags", textInput("log-tags", { list: tagList.id, placeholder: "comma, separated", maxlength: 2000 }), {
      class: "grow-1",
      errorTestid: "error-tags",
    }),
  };
  const FIELD_OF = {
    kind: "kind",
    task: "task",
    domain: "domain",
    time: "time",
    at: "time",
    date: "time",
    planned: "planned",
    planned_at: "planned",
    delay_minutes: "delay",
    progress: "progress",
    thought: "thought",
    emotion: "emotion",
    friction: "friction",
    tags: "tags",
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
    replace(
      tagChips,
      tags.map((t) => h("span", { class: "tag", text: `#${t}` })),
    );
  }
  f.tags.control.addEventListener("input", renderTagChips);

  suggest(f.task.control, taskList, "task");
  suggest(f.domain.control, domainList, "domain");
  suggest(f.emotion.control, emotionList, "emotion", { extra: EMOTIONS });
  suggest(f.tags.control, tagList, "tag", { commaSeparated: true });

  const logError = h("p", { class: "form-error", attrs: { role: "alert", "data-testid": "log-error", hidden: true } });
  const saveBtn = h("button", { type: "submit", class: "primary", attrs: { "data-testid": "log-save" } }, "Log event");
  const cancelBtn = h("button", { type: "button", class: "quiet", attrs: { "data-testid": "log-clear" } }, "Clear");
  const logHint = h(
    "span",
    { class: "hint" },
    h("kbd", { text: "Enter" }),
    " saves · ",
    h("kbd", { text: "Esc" }),
    " clears · ",
    h("kbd", { text: "Alt" }),
    "+letter picks the kind",
  );
  const logForm = h(
    "form",
    { class: "log-form", noValidate: true, attrs: { "data-testid": "log-form", "aria-label": "Log an event" } },
    kindField.wrap,
    fieldRow([f.task, f.domain, f.time]),
    fieldRow([f.planned, f.delay, f.progress, f.thought]),
    fieldRow([f.emotion, f.friction, f.tags]),
    logError,
    h("div", { class: "actions" }, saveBtn, cancelBtn, logHint),
    taskList,
    domainList,
    emotionList,
    tagList,
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

  let logDay = null;

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
    logTitle.textContent = logDay ? "Log what happened that day" : "Log what happened";
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
      date: state.editing ? state.editing.at.slice(0, 10) : logDay,
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
    const out = [];
    if (!input.kind) out.push(["kind", "Pick what happened: c, d, u, a, s or k (with Alt from any field)."]);
    if (!input.task.trim()) out.push(["task", "Task is needed: name the planned piece of work."]);
    if (Number.isNaN(input.delay_minutes)) out.push(["delay", `Delay: “${f.delay.control.value.trim()}” is not a number of minutes.`]);
    if (Number.isNaN(input.progress_percent))
      out.push(["progress", `Progress: “${f.progress.control.value.trim()}” is not a number from 0 to 100.`]);
    return out;
  }

  /** Shows every problem at once, each under its field, and puts the cursor on the first. */
  function showProblems(problems) {
    let first = null;
    for (const [name, message] of problems) {
      if (!f[name]) continue;
      showError(f[name], message);
      first = first || name;
    }
    if (!first) return false;
    const x = f[first];
    if (x.focusTarget === kindGroup) kindInputs[0].focus();
    else if (x.scale) x.scale.focus();
    else x.control.focus();
    return true;
  }

  async function submitLog() {
    if (state.busy) return;
    clearLogErrors();
    const input = formInput();
    if (showProblems(localProblems(input))) return;
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
        // One refusal names one field; ask for all of them, so every mistake shows at once.
        const all = await api.eventFormProblems(input).catch(() => []);
        const problems = all.map((p) => [FIELD_OF[p.field], p.message]).filter(([n]) => n && f[n]);
        showProblems(problems.some(([n]) => n === name) ? problems : [[name, e.message], ...problems]);
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
    f.time.control.value = hhmm(ev.at);
    f.planned.control.value = ev.planned_at && ev.planned_at.slice(0, 10) === ev.at.slice(0, 10) ? hhmm(ev.planned_at) : "";
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

  return {
    section: logSection,
    startEdit,
    reset: resetLog,
    cancelEdit: resetLog,
    /** The day new events are logged on: null for today (the time may then be left out). */
    setDay(day) {
      logDay = day;
      f.time.control.placeholder = day ? "19:30 or 7:30 pm" : "now";
      if (!state.editing) logTitle.textContent = day ? "Log what happened that day" : "Log what happened";
    },
    /** Whether `id` is the event being edited. */
    editing: (id) => Boolean(state.editing && state.editing.id === id),
    focus() {
      f.task.control.focus();
    },
  };
}
