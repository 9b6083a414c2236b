// Today's check-in: how execution felt (1 enforcement … 5 continuation), energy, mood and a
// note, saved for the day and changed by saving again; deleted with an undo, as in the Journal.

import { api } from "./api.js";
import { h } from "./dom.js";
import { undoBar } from "./feedback.js";
import { field, isTypingTarget, scaleField, showError, textInput } from "./form.js";
import { longDate } from "./format.js";

/** The check-in section. `state` is the view's (`view`, `busy`). */
export function createCheckinSection({ state, announce, reload }) {
  const ck = {
    alignment: scaleField({
      name: "alignment",
      legend: "How did execution feel today?",
      low: "enforcement",
      high: "continuation",
      testid: "checkin-alignment",
      errorTestid: "error-alignment",
      class: "wide",
    }),
    energy: scaleField({
      name: "energy",
      legend: "Energy",
      low: "low",
      high: "high",
      testid: "checkin-energy",
      errorTestid: "error-energy",
    }),
    mood: scaleField({ name: "mood", legend: "Mood", low: "low", high: "good", testid: "checkin-mood", errorTestid: "error-mood" }),
    note: field("Note", textInput("checkin-note", { placeholder: "optional", maxlength: 10000, spellcheck: true }), {
      class: "full",
      errorTestid: "error-note",
    }),
  };
  const ckSaved = h("span", { class: "hint", attrs: { "data-testid": "checkin-saved", "aria-live": "polite" } });
  const ckError = h("p", { class: "form-error", attrs: { role: "alert", "data-testid": "checkin-error", hidden: true } });
  const ckSave = h("button", { type: "submit", class: "primary", attrs: { "data-testid": "checkin-save" } }, "Save check-in");
  const ckDelete = h(
    "button",
    { type: "button", class: "quiet", attrs: { "data-testid": "checkin-delete", hidden: true } },
    "Delete check-in",
  );
  const undo = undoBar({ testid: "checkin-undo", buttonTestid: "checkin-undo-button" });
  const ckForm = h(
    "form",
    { class: "checkin-form", noValidate: true, attrs: { "data-testid": "checkin-form", "aria-label": "Daily check-in" } },
    h("div", { class: "row" }, ck.alignment.wrap),
    h("div", { class: "row" }, ck.energy.wrap, ck.mood.wrap),
    h("div", { class: "row" }, ck.note.wrap),
    ckError,
    h("div", { class: "actions" }, ckSave, ckDelete, ckSaved),
  );
  const ckSection = h("section", { class: "block", attrs: { "aria-label": "Check-in" } }, h("h2", { text: "Check-in" }), ckForm, undo.el);

  // A past day opened from the day switcher or the Journal's Edit is "that day".
  function savedText() {
    return `Saved for ${state.day ? "that day" : "today"}. Change anything and save again.`;
  }

  function fillCheckin(c) {
    ck.alignment.scale.set(c ? c.alignment : null);
    ck.energy.scale.set(c ? c.energy : null);
    ck.mood.scale.set(c ? c.mood : null);
    ck.note.control.value = c?.note ? c.note : "";
    ckSaved.textContent = c ? savedText() : `One minute: how ${state.day ? "that day" : "today"} felt, not how it went.`;
    ckDelete.hidden = !c;
  }

  /**
   * Deletes the day's check-in (the Journal's command); the undo bar offers it back, the
   * keyboard on Undo, and after Undo on Delete again, never on the page body.
   */
  async function deleteCheckin() {
    const c = state.view?.checkin;
    if (state.busy || !c) return;
    state.busy = true;
    const what = `the check-in of ${longDate(c.date)}`;
    try {
      const deleted = await api.deleteCheckin(c.date);
      announce(`Deleted ${what}.`);
      await reload();
      fillCheckin(null);
      const button = undo.showDeleted(
        what,
        async () => {
          const back = await api.undoDeleteCheckin(deleted);
          await reload();
          fillCheckin(back);
          return ckDelete;
        },
        announce,
      );
      button.focus();
    } catch (e) {
      undo.error(e.message);
    } finally {
      state.busy = false;
    }
  }
  ckDelete.addEventListener("click", deleteCheckin);

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
        tags: state.view?.checkin ? state.view.checkin.tags.join(", ") : "",
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

  return {
    section: ckSection,
    fill(c) {
      undo.hide();
      fillCheckin(c);
    },
    /** Puts the keyboard on the check-in's first control (the Journal's Edit lands here). */
    focus() {
      ck.alignment.scale.focus();
    },
    /** After a reload on the same day: says it is saved once there is a check-in. */
    saved(checkin) {
      if (checkin) ckSaved.textContent = savedText();
    },
  };
}
