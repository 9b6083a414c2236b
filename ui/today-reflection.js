// Today's reflection: the day's prompt (or the one a reminder brought) with its layer, the
// answer field, and the answers written today, each with Delete and an undo, as in the Journal.

import { api } from "./api.js";
import { h, replace } from "./dom.js";
import { undoBar } from "./feedback.js";
import { field, showError } from "./form.js";
import { timeOf } from "./format.js";

const LAYER_WORDS = {
  belief: "Belief — what your system accepts as true",
  thinking: "Thinking — how you read what happens",
  execution: "Execution — what you actually do",
};

/** The reflection section. `state` is the view's (`view`, `busy`). */
export function createReflectionSection({ state, announce, reload }) {
  const layerEl = h("p", { class: "layer", attrs: { "data-testid": "prompt-layer" } });
  const promptEl = h("p", { class: "prompt", attrs: { "data-testid": "prompt-text" } });
  const rText = h("textarea", {
    rows: 3,
    attrs: { "data-testid": "reflect-text", placeholder: "Write as much or as little as is true.", maxlength: 200000 },
  });
  const rField = field("Your answer", rText, { class: "full", errorTestid: "error-text" });
  const rError = h("p", { class: "form-error", attrs: { role: "alert", "data-testid": "reflect-error", hidden: true } });
  const rSave = h("button", { type: "submit", class: "primary", attrs: { "data-testid": "reflect-save" } }, "Save answer");
  const rAnswers = h("ul", { class: "answers today-answers", attrs: { "data-testid": "reflection-list" } });
  const undo = undoBar({ testid: "reflection-undo", buttonTestid: "reflection-undo-button" });
  const rForm = h(
    "form",
    { class: "reflect-form", noValidate: true, attrs: { "data-testid": "reflect-form", "aria-label": "Reflection" } },
    layerEl,
    promptEl,
    rField.wrap,
    rError,
    h("div", { class: "actions" }, rSave, h("span", { class: "hint" }, h("kbd", { text: "Ctrl+Enter" }), " saves")),
  );
  const rSection = h(
    "section",
    { class: "block", attrs: { "aria-label": "Reflection" } },
    h("h2", { text: "Reflection" }),
    rForm,
    rAnswers,
    undo.el,
  );

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
      await api.addReflection({ text: rText.value, prompt_id: state.view.prompt.id, date: state.view.date });
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

  /** The Delete button of the answer `id`, once the list shows it. */
  const deleteButtonOf = (id) => rAnswers.querySelector(`[data-id="${CSS.escape(id)}"] [data-testid="reflection-delete"]`);

  /**
   * Deletes an answer (the Journal's command); the undo bar offers it back, the keyboard on
   * Undo, and after Undo on the answer's Delete again, never on the page body.
   */
  async function remove(r) {
    if (state.busy) return;
    state.busy = true;
    const what = `the answer of ${timeOf(r.at)}`;
    try {
      const deleted = await api.deleteReflection(r.id);
      announce(`Deleted ${what}.`);
      await reload();
      const button = undo.showDeleted(
        what,
        async () => {
          await api.undoDeleteReflection(deleted);
          await reload();
          return deleteButtonOf(deleted.id);
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

  let shownDate = null;
  function render() {
    const v = state.view;
    // Another day: an undo offered for the day before goes with it.
    if (v?.date !== shownDate) undo.hide();
    shownDate = v?.date;
    const prompt = v?.prompt;
    rSection.hidden = !prompt;
    if (!prompt) return;
    layerEl.textContent = LAYER_WORDS[prompt.layer] || prompt.layer;
    promptEl.textContent = prompt.text;
    replace(
      rAnswers,
      v.reflections.map((r) =>
        h(
          "li",
          { class: "answer", attrs: { "data-testid": "reflection", "data-id": r.id } },
          h("span", { class: "event-time", text: timeOf(r.at) }),
          h("div", { class: "event-body" }, h("p", { class: "answer-text", text: r.text, attrs: { "data-testid": "reflection-text" } })),
          h(
            "span",
            { class: "event-actions" },
            h(
              "button",
              {
                type: "button",
                class: "quiet small",
                attrs: { "data-testid": "reflection-delete", "aria-label": `Delete the answer of ${timeOf(r.at)}` },
                on: { click: () => remove(r) },
              },
              "Delete",
            ),
          ),
        ),
      ),
    );
  }

  return { section: rSection, render };
}
