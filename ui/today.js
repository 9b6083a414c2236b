// The Today view: the date and a one-line status with the running pathways' next steps, then
// its sections — the quick-log form (today-log.js), today's events (today-events.js), the
// check-in (today-checkin.js) and one reflection prompt (today-reflection.js). Forms are built
// once and kept, so what is typed survives reloads of the lists and failed saves.

import { api } from "./api.js";
import { h, replace } from "./dom.js";
import { errorBanner } from "./feedback.js";
import { isoDate, longDate } from "./format.js";
import { createCheckinSection } from "./today-checkin.js";
import { createEventsSection } from "./today-events.js";
import { createLogSection } from "./today-log.js";
import { createReflectionSection } from "./today-reflection.js";

export function createToday(root, { announce, go }) {
  const state = {
    view: null,
    editing: null,
    busy: false,
  };

  // --- header
  const dateEl = h("h1", { class: "date", attrs: { "data-testid": "today-date" } });
  const statusEl = h("p", { class: "status", attrs: { "data-testid": "today-status", "aria-live": "polite" } });
  // The running pathways' next steps: what realignment asks of today.
  const pathwaysEl = h("ul", {
    class: "today-pathways",
    attrs: { "data-testid": "today-pathways", "aria-label": "Your pathways", hidden: true },
  });
  const header = h("header", { class: "today-head" }, dateEl, statusEl, pathwaysEl);

  const ctx = { state, announce, reload: (id) => reload(id) };
  const log = createLogSection(ctx);
  const events = createEventsSection({ ...ctx, log });
  const checkin = createCheckinSection(ctx);
  const reflection = createReflectionSection(ctx);

  // --- whole view
  const banner = errorBanner("load-error");
  replace(
    root,
    h(
      "div",
      { class: "today", attrs: { "data-testid": "today" } },
      header,
      banner.el,
      log.section,
      events.section,
      checkin.section,
      reflection.section,
    ),
  );

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
      banner.hide();
      dateEl.textContent = longDate(view.date);
      dateEl.dataset.date = view.date;
      renderStatus();
      renderPathways();
      events.render(view.events, highlightId);
      if (dayChanged) checkin.fill(view.checkin);
      else checkin.saved(view.checkin);
      reflection.render();
      root.dataset.ready = "true";
    } catch (e) {
      banner.show(`Today could not be loaded: ${e.message}`);
    }
  }

  return {
    async show() {
      await reload();
      log.focus();
    },
    /** Reloads when the local date moved on while the window was open. */
    async refreshIfNewDay() {
      if (state.view && state.view.date !== isoDate()) await reload();
      else if (state.view) {
        // A reminder may have brought a prompt while the window was away.
        const pending = await api.pendingPrompt().catch(() => null);
        if (pending && (!state.view.prompt || state.view.prompt.id !== pending.prompt.id)) await reload();
      }
    },
    focusLog() {
      log.focus();
    },
  };
}
