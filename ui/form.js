// Form pieces the views share: a labelled control with its error line, text inputs, the 1–5
// scales, suggestions from history as the person types, and the days of the week.

import { api } from "./api.js";
import { h, replace, uid } from "./dom.js";

export const DAYS = [
  ["mon", "Mon"],
  ["tue", "Tue"],
  ["wed", "Wed"],
  ["thu", "Thu"],
  ["fri", "Fri"],
  ["sat", "Sat"],
  ["sun", "Sun"],
];

/**
 * A labelled control with an error line under it (and, optionally, a hint between them that
 * the control is described by too).
 */
export function field(labelText, control, opts = {}) {
  const errId = uid("err");
  const error = h("p", { class: "field-error", id: errId, attrs: { role: "alert", "data-testid": opts.errorTestid, hidden: true } });
  if (!control.id) control.id = uid("f");
  control.setAttribute("aria-describedby", opts.hintId ? `${opts.hintId} ${errId}` : errId);
  const label = h("label", { class: "field-label", attrs: { for: control.id } }, labelText);
  const wrap = h("div", { class: `field ${opts.class || ""}` }, label, control, opts.hint || null, error);
  // An error goes as soon as the field is changed: it never stays after it was fixed.
  const clear = () => {
    if (error.hidden) return;
    error.hidden = true;
    error.textContent = "";
    for (const el of wrap.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  };
  wrap.addEventListener("input", clear);
  wrap.addEventListener("change", clear);
  return { wrap, control, error, label };
}

/**
 * A row of fields whose error lines sit together under the whole row, each as wide as the
 * row: an error never wraps into a narrow column or opens a gap beside its neighbours.
 */
export function fieldRow(fields) {
  return [
    h(
      "div",
      { class: "row" },
      fields.map((x) => x.wrap),
    ),
    h(
      "div",
      { class: "row-errors" },
      fields.map((x) => x.error),
    ),
  ];
}

/** Shows `message` under a field (or clears it with null) and marks the control invalid. */
export function showError(f, message) {
  if (!f) return;
  f.error.textContent = message || "";
  f.error.hidden = !message;
  const target = f.focusTarget || f.control;
  if (message) target.setAttribute("aria-invalid", "true");
  else target.removeAttribute("aria-invalid");
}

/** "Every day", "Weekdays", "Weekends" or "Mon, Thu". */
export function daysText(days) {
  if (days.length === 7) return "Every day";
  const five = ["mon", "tue", "wed", "thu", "fri"];
  if (days.length === 5 && five.every((d) => days.includes(d))) return "Weekdays";
  if (days.length === 2 && days.includes("sat") && days.includes("sun")) return "Weekends";
  return days.map((d) => DAYS.find(([k]) => k === d)[1]).join(", ");
}

export function textInput(testid, opts = {}) {
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

export function scaleField(opts) {
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
export function numberValue(input) {
  const t = input.value.trim().replace(/%$/, "").replace(",", ".").trim();
  if (t === "") return null;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
}

/** Fills a datalist with options (values set as properties, never parsed). */
export function fillDatalist(list, values) {
  replace(
    list,
    values.map((v) => h("option", { value: v })),
  );
}

/** Suggestions from history for an input, fetched as the person types. */
export function suggest(input, list, what, opts = {}) {
  let timer = null;
  let last = null;
  const run = async () => {
    const text = input.value;
    const parts = opts.commaSeparated ? text.split(",") : [text];
    const prefix = parts[parts.length - 1].trim();
    const head = opts.commaSeparated
      ? parts
          .slice(0, -1)
          .map((p) => p.trim())
          .filter(Boolean)
      : [];
    const key = `${head.join(",")}|${prefix}`;
    if (key === last) return;
    last = key;
    try {
      const found = await api.suggestions(what, prefix);
      const extra = (opts.extra || []).filter((v) => v.startsWith(prefix.toLowerCase()));
      const merged = [...new Set([...found, ...extra])].filter((v) => v !== prefix && !head.includes(v));
      fillDatalist(
        list,
        merged.map((v) => (head.length ? `${head.join(", ")}, ${v}` : v)),
      );
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

export function isTypingTarget(el) {
  return el && (el.tagName === "TEXTAREA" || el.tagName === "BUTTON" || el.isContentEditable);
}
