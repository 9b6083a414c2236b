// The Today view: the date and a one-line status with the running pathways' next steps, then
// its sections — the quick-log form (today-log.js), today's events (today-events.js), the
// check-in (today-checkin.js) and one reflection prompt (today-reflection.js). Forms are built
// once and kept, so what is typed survives reloads of the lists and failed saves.

import { api } from "./api.js";
import { h, replace } from "./dom.js";
import { errorBanner } from "./feedback.js";
import { isoDate, longDate, nextDay, previousDay } from "./format.js";
import { createCheckinSection } from "./today-checkin.js";
import { createEventsSection } from "./today-events.js";
import { createLogSection } from "./today-log.js";
import { createReflectionSection } from "./today-reflection.js";

export function createToday(root, { announce, go }) {
  const state = {
    view: null,
    editing: null,
    busy: false,
    // The day shown: null for today; any past day can be logged, checked in and reflected on.
    day: null,
  };

  // --- header
  const dateEl = h("h1", { class: "date", attrs: { "data-testid": "today-date" } });
  const statusEl = h("p", { class: "status", attrs: { "data-testid": "today-status", "aria-live": "polite" } });
  // The running pathways' next steps: what realignment asks of today.
  const pathwaysEl = h("ul", {
    class: "today-pathways",
    attrs: { "data-testid": "today-pathways", "aria-label": "Your pathways", hidden: true },
  });
  // The day switcher: a date field, the day before and after (also Alt+← / Alt+→), Yesterday.
  const prevBtn = h(
    "button",
    {
      type: "button",
      class: "quiet small",
      attrs: { "data-testid": "day-prev", "aria-label": "Previous day", title: "Previous day (Alt+\u2190)" },
    },
    "\u2190",
  );
  const nextBtn = h(
    "button",
    {
      type: "button",
      class: "quiet small",
      attrs: { "data-testid": "day-next", "aria-label": "Next day", title: "Next day (Alt+\u2192)" },
    },
    "\u2192",
  );
  const dayInput = h("input", { type: "date", attrs: { "data-testid": "day-input", "aria-label": "Day shown" } });
  const yesterdayBtn = h("button", { type: "button", class: "quiet small", attrs: { "data-testid": "day-yesterday" } }, "Yesterday");
  const todayBtn = h(
    "button",
    { type: "button", class: "quiet small", attrs: { "data-testid": "day-today", hidden: true } },
    "Back to today",
  );
  const dayNav = h(
    "div",
    { class: "day-nav", attrs: { role: "group", "aria-label": "Choose the day", "data-testid": "day-nav" } },
    prevBtn,
    dayInput,
    nextBtn,
    yesterdayBtn,
    todayBtn,
    h(
      "span",
      { class: "hint" },
      h("kbd", { text: "Alt" }),
      "+",
      h("kbd", { text: "\u2190" }),
      " ",
      h("kbd", { text: "\u2192" }),
      " change the day",
    ),
  );
  const header = h("header", { class: "today-head" }, dateEl, statusEl, dayNav, pathwaysEl);

  function shownDate() {
    return state.day || isoDate();
  }
  /** Shows `iso` (today, or any day before it). */
  async function goToDay(iso) {
    const today = isoDate();
    const day = !iso || iso >= today ? null : iso;
    if (day === state.day) return;
    state.day = day;
    if (state.editing) log.cancelEdit();
    await reload();
  }
  prevBtn.addEventListener("click", () => goToDay(previousDay(shownDate())));
  nextBtn.addEventListener("click", () => goToDay(nextDay(shownDate())));
  yesterdayBtn.addEventListener("click", () => goToDay(previousDay(isoDate())));
  todayBtn.addEventListener("click", async () => {
    await goToDay(null);
    log.focus();
  });
  dayInput.addEventListener("change", () => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(dayInput.value)) goToDay(dayInput.value);
  });

  const ctx = { state, announce, reload: (id) => reload(id) };
  const log = createLogSection(ctx);
  const events = createEventsSection({ ...ctx, log });
  const checkin = createCheckinSection(ctx);
  const reflection = createReflectionSection(ctx);

  // --- whole view
  const banner = errorBanner("load-error");
  const page = h(
    "div",
    { class: "today", attrs: { "data-testid": "today" } },
    header,
    banner.el,
    log.section,
    events.section,
    checkin.section,
    reflection.section,
  );
  replace(root, page);
  // Alt+← / Alt+→ change the day from anywhere in Today (the view's element is shared by all
  // views, so only while Today is shown).
  root.addEventListener("keydown", (e) => {
    if (!page.isConnected || !e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
      e.preventDefault();
      const day = shownDate();
      goToDay(e.key === "ArrowLeft" ? previousDay(day) : nextDay(day));
    }
  });

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
      const view = await api.today(state.day);
      performance.mark("today: view");
      // A prompt a reminder brought takes today's place until it is answered.
      const pending = state.day ? null : await api.pendingPrompt().catch(() => null);
      if (pending) view.prompt = pending.prompt;
      const dayChanged = !state.view || state.view.date !== view.date;
      state.view = view;
      banner.hide();
      dateEl.textContent = longDate(view.date);
      dateEl.dataset.date = view.date;
      const isToday = !state.day;
      dayInput.value = view.date;
      dayInput.max = isoDate();
      nextBtn.disabled = isToday;
      todayBtn.hidden = isToday;
      yesterdayBtn.hidden = state.day === previousDay(isoDate());
      root.dataset.day = view.date;
      events.setDay(isToday);
      log.setDay(isToday ? null : view.date);
      renderStatus();
      renderPathways();
      events.render(view.events, highlightId);
      if (dayChanged) checkin.fill(view.checkin);
      else checkin.saved(view.checkin);
      reflection.render();
      root.dataset.ready = "true";
      performance.mark("today: ready");
    } catch (e) {
      banner.show(`Today could not be loaded: ${e.message}`);
    }
  }

  return {
    /**
     * `opts.date` opens that day (from the Journal), `opts.edit` an event of it to edit,
     * `opts.checkin` its check-in.
     */
    async show(opts) {
      if (opts?.date !== undefined) {
        const today = isoDate();
        state.day = opts.date && opts.date < today ? opts.date : null;
        if (state.editing) log.cancelEdit();
      }
      await reload();
      const toEdit = opts?.edit && state.view?.events.find((e) => e.id === opts.edit);
      if (toEdit) log.startEdit(toEdit);
      else if (opts?.checkin) checkin.focus();
      else log.focus();
    },
    /** Reloads when the local date moved on while the window was open. */
    async refreshIfNewDay() {
      if (state.day) return;
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
