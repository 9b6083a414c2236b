// Today's reflection: the day's prompt (or the one a reminder brought) with its layer, the
// answer field, and the answers written today.

import { api } from "./api.js";
import { h, replace } from "./dom.js";
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
  const rSection = h(
    "section",
    { class: "block", attrs: { "aria-label": "Reflection" } },
    h("h2", { text: "Reflection" }),
    rForm,
    rAnswers,
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

  function render() {
    const v = state.view;
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
          { class: "answer", attrs: { "data-testid": "reflection" } },
          h("span", { class: "event-time", text: timeOf(r.at) }),
          h("div", { class: "event-body" }, h("p", { class: "answer-text", text: r.text, attrs: { "data-testid": "reflection-text" } })),
        ),
      ),
    );
  }

  return { section: rSection, render };
}
