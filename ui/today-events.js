// Today's events, newest last, each with Edit and Delete; a deletion can be undone for a few
// seconds.

import { api } from "./api.js";
import { h, replace } from "./dom.js";
import { undoBar } from "./feedback.js";
import { timeOf } from "./format.js";
import { KIND_LABEL } from "./kinds.js";

/** The events section; `log` is the quick-log section, which edits an event. */
export function createEventsSection({ announce, reload, log }) {
  const listEl = h("ul", { class: "events", attrs: { "data-testid": "event-list" } });
  const eventsTitle = h("h2", { text: "Today" });
  let isToday = true;
  const undo = undoBar({ testid: "undo-bar", buttonTestid: "undo-button" });
  const eventsSection = h("section", { class: "block", attrs: { "aria-label": "Today's events" } }, eventsTitle, listEl, undo.el);

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

  function render(events, highlightId) {
    if (events.length === 0) {
      replace(
        listEl,
        h(
          "li",
          { class: "empty", attrs: { "data-testid": "events-empty" } },
          isToday
            ? "Nothing logged yet today. Log one planned piece of work and what happened to it — a completion counts as much as a delay."
            : "Nothing logged on this day. Log what happened then, with the time it happened (19:30 or 7:30 pm).",
        ),
      );
      return;
    }
    replace(
      listEl,
      events.map((ev) => {
        const meta = eventMeta(ev);
        const edit = h(
          "button",
          {
            type: "button",
            class: "quiet small",
            attrs: { "data-testid": "event-edit", "aria-label": `Edit “${ev.task}”` },
            on: { click: () => log.startEdit(ev) },
          },
          "Edit",
        );
        const del = h(
          "button",
          {
            type: "button",
            class: "quiet small",
            attrs: { "data-testid": "event-delete", "aria-label": `Delete “${ev.task}”` },
            on: { click: () => remove(ev) },
          },
          "Delete",
        );
        return h(
          "li",
          {
            class: `event${ev.id === highlightId ? " fresh" : ""}`,
            attrs: { "data-testid": "event", "data-id": ev.id, "data-kind": ev.kind },
          },
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

  async function remove(ev) {
    try {
      const deleted = await api.deleteEvent(ev.id);
      if (log.editing(ev.id)) log.reset();
      const undoButton = undo.showDeleted(
        `“${deleted.task}”`,
        async () => {
          await api.undoDelete(deleted);
          await reload(deleted.id);
          // The keyboard goes back to the restored event.
          return listEl.querySelector(`[data-id="${CSS.escape(deleted.id)}"] [data-testid="event-edit"]`);
        },
        announce,
      );
      await reload();
      undoButton.focus();
    } catch (e) {
      undo.error(e.message);
    }
  }

  /** Whether the day shown is today (the heading and the empty line say which). */
  function setDay(today) {
    isToday = today;
    eventsTitle.textContent = today ? "Today" : "That day";
    eventsSection.setAttribute("aria-label", today ? "Today's events" : "That day's events");
  }

  return { section: eventsSection, render, setDay };
}
