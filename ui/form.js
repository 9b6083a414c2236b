// Form pieces the views share: a labelled control with its error line, and the days of the week.

import { h, uid } from "./dom.js";

export const DAYS = [
  ["mon", "Mon"], ["tue", "Tue"], ["wed", "Wed"], ["thu", "Thu"], ["fri", "Fri"], ["sat", "Sat"], ["sun", "Sun"],
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
  return { wrap, control, error };
}

/** Shows `message` under a field (or clears it with null). */
export function showError(f, message) {
  f.error.textContent = message || "";
  f.error.hidden = !message;
  if (message) f.control.setAttribute("aria-invalid", "true");
  else f.control.removeAttribute("aria-invalid");
}

/** "Every day", "Weekdays", "Weekends" or "Mon, Thu". */
export function daysText(days) {
  if (days.length === 7) return "Every day";
  const five = ["mon", "tue", "wed", "thu", "fri"];
  if (days.length === 5 && five.every((d) => days.includes(d))) return "Weekdays";
  if (days.length === 2 && days.includes("sat") && days.includes("sun")) return "Weekends";
  return days.map((d) => DAYS.find(([k]) => k === d)[1]).join(", ");
}
