// The first run: one calm screen that says what Plumbline is for, in its own terms, and offers
// to start the person's journal or to explore a demo journal (a separate file). Shown while the
// journal is empty until "Start my journal" is chosen (the journal remembers that).

import { h } from "./dom.js";

export function createWelcome({ onStart, onDemo }) {
  const start = h("button", { type: "button", class: "primary", attrs: { "data-testid": "welcome-start" } }, "Start my journal");
  const demo = h("button", { type: "button", class: "quiet", attrs: { "data-testid": "welcome-demo" } }, "Explore a demo journal");
  const error = h("p", { class: "form-error", attrs: { role: "alert", "data-testid": "welcome-error", hidden: true } });
  const layer = (name, about, example) =>
    h("li", {}, h("strong", { text: name }), ` — ${about} `, h("span", { class: "muted", text: example }));
  const el = h(
    "section",
    { class: "welcome", attrs: { "data-testid": "welcome", "aria-labelledby": "welcome-title" } },
    h("h1", { class: "date", id: "welcome-title", text: "Plumbline" }),
    h("p", {
      class: "lede",
      text: "A quiet journal for the distance between what you plan and what you do — and the beliefs that may sit underneath it.",
    }),
    h("h2", { text: "Three layers" }),
    h(
      "ul",
      { class: "welcome-list" },
      layer("Belief", "what you hold true about yourself and success,", "“People like me don’t get to keep success at this level.”"),
      layer("Thinking", "what you tell yourself in the moment,", "“I’ll start after lunch.”"),
      layer("Execution", "what actually happens to a piece of planned work.", ""),
    ),
    h("h2", { text: "What you log" }),
    h(
      "p",
      {},
      "One planned piece of work and what happened to it: completed, a delayed start, unfinished, avoided, switched away or skipped — with, if you like, what you told yourself right then. A completion counts as much as a delay.",
    ),
    h("h2", { text: "The evening check-in" }),
    h(
      "p",
      {},
      "One minute: how execution felt, from 1 — enforcement (pushing yourself through against resistance) — to 5 — continuation (the work carried on by itself); energy and mood if you like.",
    ),
    h(
      "p",
      { class: "muted" },
      "Over a few weeks Plumbline shows where breaks recur and which beliefs they may point to, as likelihoods for you to confirm or reject — never a verdict about you. Everything stays in one file on this computer.",
    ),
    error,
    h("div", { class: "actions" }, start, demo),
  );
  start.addEventListener("click", async () => {
    error.hidden = true;
    try {
      await onStart();
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
  });
  demo.addEventListener("click", async () => {
    error.hidden = true;
    demo.disabled = true;
    try {
      await onDemo();
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    } finally {
      demo.disabled = false;
    }
  });
  return { el, focus: () => start.focus() };
}
