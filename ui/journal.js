// The Journal view: past days, newest first, a page at a time — each with its check-in, events
// and reflections, imported moods and activities shown as such — and a search over everything
// written, with filters. Every row can be changed on any day: Edit opens an event's or a
// check-in's day in Today (where its form is) and edits a reflection in place; Delete can be
// undone. Keyboard: j / k or the arrow keys move between days, / searches, Esc clears the
// search or cancels an edit, Ctrl+Enter saves a reflection.

import { api } from "./api.js";
import { drawLater, h, replace } from "./dom.js";
import { errorBanner, undoBar } from "./feedback.js";
import { field, fieldRow, scaleField, showError, textInput } from "./form.js";
import { count, hhmm, longDate, nextDay, timeOf } from "./format.js";
import { KIND_LABEL } from "./kinds.js";

export function createJournal(root, { announce, go }) {
  const search = h("input", {
    type: "search",
    autocomplete: "off",
    spellcheck: false,
    attrs: {
      "data-testid": "journal-search",
      placeholder: "Search your words",
      "aria-label": "Search everything you wrote",
      maxlength: 200,
    },
  });
  // Filters: what kind of record, and from / to which day.
  const searchKind = h(
    "select",
    { attrs: { "data-testid": "search-kind", "aria-label": "Search in" } },
    [
      ["", "Everything"],
      ["event", "Events"],
      ["checkin", "Check-ins"],
      ["reflection", "Reflections"],
      ["delayed_start", "Delayed starts"],
      ["avoided", "Avoided"],
      ["unfinished", "Unfinished"],
      ["switched", "Switched"],
      ["completed", "Completed"],
    ].map(([value, text]) => h("option", { value, text })),
  );
  // (Text, not type=date: an empty date field would show today's date as if it were set.)
  const dateFilter = (testid, label) =>
    h("input", {
      type: "text",
      autocomplete: "off",
      attrs: { "data-testid": testid, "aria-label": label, placeholder: "YYYY-MM-DD", maxlength: 10, size: 11 },
    });
  const searchSince = dateFilter("search-since", "From (YYYY-MM-DD)");
  const searchUntil = dateFilter("search-until", "To (YYYY-MM-DD)");
  const filters = h("div", { class: "search-filters" }, searchKind, " from ", searchSince, " to ", searchUntil);
  const undo = undoBar({ testid: "journal-undo", buttonTestid: "journal-undo-button" });
  const status = h("p", { class: "status", attrs: { "data-testid": "journal-status" } }, "Reading your journal…");
  const banner = errorBanner("journal-error");
  const results = h("div", { class: "search-results", attrs: { "data-testid": "search-results", hidden: true } });
  const list = h("div", { class: "journal-days", attrs: { "data-testid": "journal-days" } });
  const more = h("button", { type: "button", class: "quiet", attrs: { "data-testid": "journal-older", hidden: true } }, "Show older days");
  const page = h(
    "div",
    { class: "page journal", attrs: { "data-testid": "journal" } },
    h(
      "header",
      { class: "today-head journal-head" },
      h("div", {}, h("h1", { class: "date", text: "Journal" }), status),
      h("div", { class: "search-box" }, search, h("kbd", { text: "/", attrs: { "aria-hidden": "true" } })),
    ),
    filters,
    banner.el,
    undo.el,
    results,
    list,
    h(
      "div",
      { class: "actions" },
      more,
      h(
        "span",
        { class: "hint" },
        h("kbd", { text: "j" }),
        " ",
        h("kbd", { text: "k" }),
        " move between days · ",
        h("kbd", { text: "/" }),
        " searches",
      ),
    ),
  );
  replace(root, page);

  const state = { older: null, days: 0, loaded: false };

  // --- one day
  function renderCheckin(c) {
    const parts = [`Alignment ${c.alignment} of 5`];
    if (c.energy) parts.push(`energy ${c.energy}`);
    if (c.mood) parts.push(`mood ${c.mood}`);
    const what = `the check-in of ${longDate(c.date)}`;
    return h(
      "div",
      { class: "day-checkin", attrs: { "data-testid": "day-checkin", "data-date": c.date } },
      h("span", { class: "muted-label", text: "Check-in" }),
      h("span", {}, parts.join(" · ")),
      rowActions({
        testid: "journal-checkin",
        what,
        edit: () => go?.("today", { date: c.date, checkin: true }),
        remove: (row) =>
          removeRow(row, {
            what,
            remove: () => api.deleteCheckin(c.date),
            restore: (deleted) => api.undoDeleteCheckin(deleted),
            editTestid: "journal-checkin-edit",
          }),
      }),
      c.note ? h("p", { class: "day-note", attrs: { "data-testid": "day-checkin-note" }, text: c.note }) : null,
    );
  }

  /** Edit and Delete for one row; `edit()` and `remove(row)` do the work. */
  function rowActions({ testid, what, edit, remove }) {
    // The row is the element the actions sit in.
    const rowOf = (button) => button.parentNode.parentNode;
    return h(
      "span",
      { class: "event-actions" },
      h(
        "button",
        {
          type: "button",
          class: "quiet small",
          attrs: { "data-testid": `${testid}-edit`, "aria-label": `Edit ${what}` },
          on: { click: (e) => edit(rowOf(e.currentTarget)) },
        },
        "Edit",
      ),
      h(
        "button",
        {
          type: "button",
          class: "quiet small",
          attrs: { "data-testid": `${testid}-delete`, "aria-label": `Delete ${what}` },
          on: { click: (e) => remove(rowOf(e.currentTarget)) },
        },
        "Delete",
      ),
    );
  }

  function renderEvent(ev) {
    const meta = [];
    if (ev.domain) meta.push(ev.domain);
    if (ev.delay_minutes) meta.push(`${ev.delay_minutes} min late`);
    if (ev.progress !== null && ev.progress !== undefined) meta.push(`${Math.round(ev.progress * 100)}% done`);
    if (ev.emotion) meta.push(ev.emotion);
    if (ev.friction) meta.push(`friction ${ev.friction}`);
    if (ev.tags?.length) meta.push(ev.tags.map((t) => `#${t}`).join(" "));
    return h(
      "li",
      { class: "event", attrs: { "data-testid": "journal-event" } },
      h("span", { class: "event-time", text: timeOf(ev.at) }),
      h("span", { class: `chip kind-${ev.kind}`, text: KIND_LABEL[ev.kind] || ev.kind }),
      h(
        "div",
        { class: "event-body" },
        h("p", { class: "event-task", text: ev.task }),
        ev.thought ? h("p", { class: "event-thought", text: ev.thought }) : null,
        meta.length ? h("p", { class: "event-meta", text: meta.join(" · ") }) : null,
        ev.note ? h("p", { class: "event-meta", text: ev.note }) : null,
      ),
      rowActions({
        testid: "journal-event",
        what: `\u201c${ev.task}\u201d`,
        edit: () => go?.("today", { date: ev.at.slice(0, 10), edit: ev.id }),
        remove: (row) =>
          removeRow(row, {
            what: `\u201c${ev.task}\u201d`,
            remove: () => api.deleteEvent(ev.id),
            restore: (deleted) => api.undoDelete(deleted),
            editTestid: "journal-event-edit",
          }),
      }),
    );
  }

  /**
   * Deletes the record `row` shows (`remove()` resolves to what was deleted); the shared undo
   * bar offers to put it back (`restore(deleted)`) where it was, the keyboard with it.
   */
  async function removeRow(row, { what, remove, restore, editTestid }) {
    try {
      const deleted = await remove();
      const parent = row.parentNode;
      const next = row.nextSibling;
      const day = row.closest("article.day");
      row.remove();
      recount(day);
      announce(`Deleted ${what}.`);
      const button = undo.showDeleted(
        what,
        async () => {
          await restore(deleted);
          parent.insertBefore(row, next);
          recount(day);
          return row.querySelector(`[data-testid='${editTestid}']`);
        },
        announce,
      );
      button.focus();
    } catch (e) {
      undo.error(e.message);
    }
  }

  const APPS = { daylio: "Daylio", loop: "Loop Habit Tracker", jrnl: "jrnl", plumbline: "a Plumbline file" };

  function renderReflection(r) {
    // An imported entry's mood and activities are shown as such, whether or not it has a note.
    const chips = [];
    if (r.starred) chips.push(h("span", { class: "chip star", attrs: { "data-testid": "reflection-star" }, text: "\u2605 Starred" }));
    if (r.mood) chips.push(h("span", { class: "chip mood", attrs: { "data-testid": "reflection-mood" }, text: `Mood ${r.mood} of 5` }));
    for (const t of r.tags || []) chips.push(h("span", { class: "chip tag", attrs: { "data-testid": "reflection-tag" }, text: `#${t}` }));
    const from = r.source?.app ? `Imported from ${APPS[r.source.app] || r.source.app}` : null;
    const label = r.source?.app === "daylio" ? "Entry" : "Reflection";
    const what = r.title ? `\u201c${r.title}\u201d` : `the ${label.toLowerCase()} of ${timeOf(r.at)}`;
    return h(
      "li",
      { class: "answer", attrs: { "data-testid": "journal-reflection", "data-id": r.id } },
      h("span", { class: "event-time", text: timeOf(r.at) }),
      h("span", { class: "answer-label", text: label }),
      h(
        "div",
        { class: "event-body" },
        r.title ? h("p", { class: "reflection-title", text: r.title }) : null,
        h("p", { class: "answer-text", attrs: { "data-testid": "journal-reflection-text" }, text: r.text }),
        chips.length ? h("p", { class: "reflection-chips" }, chips) : null,
        from ? h("p", { class: "event-meta", text: from }) : null,
      ),
      rowActions({
        testid: "journal-reflection",
        what,
        edit: (row) => editReflection(r, row),
        remove: (row) =>
          removeRow(row, {
            what,
            remove: () => api.deleteReflection(r.id),
            restore: (deleted) => api.undoDeleteReflection(deleted),
            editTestid: "journal-reflection-edit",
          }),
      }),
    );
  }

  /**
   * Edits a reflection in place (Today shows only the day's answers to prompts, so free
   * entries are edited here): everything a person sets on one — its day and time, title, text,
   * mood, tags and star. Ctrl+Enter or Enter in a one-line field saves, Esc cancels; either way
   * the keyboard goes back to the row's Edit. Every refused field says why under it at once.
   */
  function editReflection(r, row) {
    const label = r.source?.app === "daylio" ? "Entry" : "Reflection";
    // (Text, not type=date: typed as YYYY-MM-DD, read and checked by the core as Today's is.)
    const date = textInput("reflection-edit-date", { placeholder: "YYYY-MM-DD", maxlength: 10 });
    date.value = r.at.slice(0, 10);
    const time = textInput("reflection-edit-time", { placeholder: "21:10 or 9:10 pm", maxlength: 12 });
    time.value = hhmm(r.at);
    const title = textInput("reflection-edit-title", { maxlength: 200, spellcheck: true });
    title.value = r.title || "";
    const text = h("textarea", { rows: 4, spellcheck: true, attrs: { "data-testid": "reflection-edit-text", maxlength: 200000 } });
    text.value = r.text;
    const tags = textInput("reflection-edit-tags", { placeholder: "comma-separated", maxlength: 2000 });
    tags.value = (r.tags || []).join(", ");
    const starred = h("input", { type: "checkbox", attrs: { "data-testid": "reflection-edit-starred" } });
    starred.checked = !!r.starred;
    const fields = {
      date: field("Day", date, { errorTestid: "reflection-edit-error-date" }),
      time: field("Time", time, { errorTestid: "reflection-edit-error-time" }),
      mood: scaleField({
        name: `reflection-mood-${r.id}`,
        legend: "Mood",
        low: "low",
        high: "good",
        testid: "reflection-edit-mood",
        errorTestid: "reflection-edit-error-mood",
      }),
      title: field("Title", title, { class: "full", errorTestid: "reflection-edit-error-title" }),
      text: field("Text", text, { class: "full", errorTestid: "reflection-edit-error-text" }),
      tags: field("Tags", tags, { class: "full", errorTestid: "reflection-edit-error-tags" }),
      starred: field("Starred", starred, { class: "check-field", errorTestid: "reflection-edit-error-starred" }),
    };
    fields.mood.scale.set(r.mood ?? null);
    // Where a refusal names a field by another name.
    fields.at = fields.time;
    const error = h("p", { class: "form-error", attrs: { role: "alert", "data-testid": "reflection-edit-error", hidden: true } });
    const cancel = h("button", { type: "button", class: "quiet small", attrs: { "data-testid": "reflection-edit-cancel" } }, "Cancel");
    const form = h(
      "form",
      { class: "reflection-edit", noValidate: true, attrs: { "data-testid": "reflection-edit", "aria-label": "Edit the reflection" } },
      h("p", { class: "muted-label", text: `Editing ${label.toLowerCase()} · ${timeOf(r.at)}` }),
      ...fieldRow([fields.date, fields.time, fields.mood, fields.starred]),
      fields.title.wrap,
      fields.text.wrap,
      fields.tags.wrap,
      error,
      h(
        "div",
        { class: "actions" },
        h("button", { type: "submit", class: "primary small", attrs: { "data-testid": "reflection-edit-save" } }, "Save reflection"),
        cancel,
        h("span", { class: "hint" }, h("kbd", { text: "Ctrl+Enter" }), " saves · ", h("kbd", { text: "Esc" }), " cancels"),
      ),
    );
    const editing = h("li", { class: "answer editing", attrs: { "data-testid": "journal-reflection-editing", "data-id": r.id } }, form);
    row.replaceWith(editing);
    text.focus();

    const back = (node) => {
      editing.replaceWith(node);
      node.querySelector("[data-testid='journal-reflection-edit']")?.focus();
    };
    let busy = false;
    async function save() {
      if (busy) return;
      for (const f of Object.values(fields)) showError(f, null);
      error.hidden = true;
      busy = true;
      const input = {
        date: date.value.trim() || null,
        time: time.value.trim() || null,
        title: title.value || null,
        text: text.value,
        mood: fields.mood.scale.get(),
        tags: tags.value,
        starred: starred.checked,
      };
      try {
        const saved = await api.editReflection(r.id, input);
        announce("Saved changes to the reflection.");
        if (saved.at.slice(0, 10) === r.at.slice(0, 10)) back(renderReflection(saved));
        else {
          // Moved to another day: the Journal opens at that day, the keyboard on the row.
          await jumpTo(saved.at.slice(0, 10));
          const moved = list.querySelector(`[data-id="${CSS.escape(saved.id)}"] [data-testid='journal-reflection-edit']`);
          if (moved) moved.focus();
        }
      } catch (e) {
        // Every problem at once, each under its field; the keyboard on the first.
        const problems = await api.reflectionEditProblems(r.id, input).catch(() => []);
        const all = problems.length ? problems : [e];
        let first = null;
        for (const p of all) {
          const f = fields[(p.field || "").split("[")[0]];
          if (f) {
            showError(f, p.message);
            first ||= f;
          } else {
            error.textContent = p.message;
            error.hidden = false;
          }
        }
        if (first) (first.scale || first.control).focus();
      } finally {
        busy = false;
      }
    }
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      save();
    });
    form.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        save();
      } else if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        back(row);
      }
    });
    cancel.addEventListener("click", () => back(row));
  }

  /** "4 events · 1 reflection" */
  function summaryOf(events, reflections) {
    const summary = [];
    if (events) summary.push(count(events, "event"));
    if (reflections) summary.push(count(reflections, "reflection"));
    return summary.join(" · ");
  }

  /** Counts a day's rows again after one went or came back. */
  function recount(day) {
    const el = day?.querySelector(".day-summary");
    if (!el) return;
    const n = (testid) => day.querySelectorAll(`[data-testid='${testid}']`).length;
    el.textContent = summaryOf(n("journal-event"), n("journal-reflection"));
  }

  function renderDay(d) {
    const headId = `day-${d.date}`;
    return h(
      "article",
      { class: "day", tabIndex: 0, attrs: { "data-testid": "journal-day", "data-date": d.date, "aria-labelledby": headId } },
      h(
        "h2",
        { class: "day-head", id: headId },
        h("span", { class: "day-date", text: longDate(d.date) }),
        h("span", { class: "day-summary", text: summaryOf(d.events.length, d.reflections.length) }),
      ),
      d.checkin ? renderCheckin(d.checkin) : null,
      d.events.length ? h("ul", { class: "events" }, d.events.map(renderEvent)) : null,
      d.reflections.length ? h("ul", { class: "answers" }, d.reflections.map(renderReflection)) : null,
    );
  }

  // --- paging
  // A page of busy days is thousands of rows. The days that fill the window are drawn at once;
  // the page's other days follow one per task once that frame has been painted (drawLater),
  // so a switch to the Journal shows its newest days without waiting for the rest.
  /** A row is at least this tall, in pixels: enough rows to fill the window are drawn at once. */
  const ROW_PX = 40;
  let laterDays = [];
  let cancelLater = () => {};

  /** Draws at once the days still waiting (before another page is added after them). */
  function flushLater() {
    cancelLater();
    const waiting = laterDays;
    laterDays = [];
    list.append(...waiting.map(renderDay));
    delete page.dataset.pending;
  }

  async function loadPage(before, { reset } = {}) {
    try {
      const p = await api.journal(before, null);
      banner.hide();
      if (reset) {
        cancelLater();
        laterDays = [];
        replace(list);
        state.days = 0;
      } else flushLater();
      let rows = 0;
      let now = 0;
      while (now < p.days.length && rows * ROW_PX < window.innerHeight) {
        const d = p.days[now];
        rows += 1 + (d.checkin ? 1 : 0) + d.events.length + d.reflections.length;
        now += 1;
      }
      const nodes = p.days.slice(0, now).map(renderDay);
      list.append(...nodes);
      laterDays = p.days.slice(now);
      if (laterDays.length) {
        page.dataset.pending = "true";
        cancelLater = drawLater(
          laterDays.map((d) => () => {
            laterDays.shift();
            list.append(renderDay(d));
          }),
          () => delete page.dataset.pending,
        );
      } else delete page.dataset.pending;
      state.days += p.days.length;
      state.older = p.older;
      more.hidden = !p.older;
      if (!state.days) {
        replace(
          list,
          h(
            "p",
            { class: "lede", attrs: { "data-testid": "journal-empty" } },
            "Nothing written yet. Days you log on Today appear here, newest first.",
          ),
        );
        status.textContent = "";
      } else {
        status.textContent = p.older ? `${count(state.days, "day")} shown · newest first` : `${count(state.days, "day")} · all shown`;
      }
      state.loaded = true;
      page.dataset.ready = "true";
      return { first: nodes[0] || null, count: p.days.length };
    } catch (e) {
      banner.show(`The journal could not be read: ${e.message}`);
      return { first: null, count: 0 };
    }
  }

  more.addEventListener("click", async () => {
    if (!state.older) return;
    const { first, count: n } = await loadPage(state.older);
    if (first) first.focus();
    announce(`${count(n, "older day")} shown.`);
  });

  // --- keyboard: move between days
  function days() {
    return [...list.querySelectorAll("[data-testid='journal-day']")];
  }

  function moveDay(delta) {
    // Past the days drawn so far, the page's other days are drawn at once.
    if (delta > 0 && laterDays.length && days().at(-1)?.contains(document.activeElement)) flushLater();
    const all = days();
    if (!all.length) return;
    const at = all.findIndex((d) => d.contains(document.activeElement));
    const next = at < 0 ? (delta > 0 ? 0 : all.length - 1) : at + delta;
    if (next >= all.length) {
      if (!more.hidden) more.focus();
      return;
    }
    all[Math.max(0, next)].focus();
  }

  page.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const typing = e.target === search;
    // Keys typed into a field (a filter, a reflection being edited) are the field's.
    if (!typing && e.target.matches("input, textarea, select")) return;
    if (!typing && (e.key === "j" || e.key === "ArrowDown") && (e.target.matches("article.day") || e.target === root)) {
      e.preventDefault();
      moveDay(1);
    } else if (!typing && (e.key === "k" || e.key === "ArrowUp") && (e.target.matches("article.day") || e.target === root)) {
      e.preventDefault();
      moveDay(-1);
    } else if (!typing && e.key === "/") {
      e.preventDefault();
      search.focus();
      search.select();
    } else if (typing && e.key === "Escape" && search.value) {
      e.preventDefault();
      search.value = "";
      runSearch();
    } else if (typing && e.key === "ArrowDown" && !results.hidden) {
      const first = results.querySelector("button");
      if (first) {
        e.preventDefault();
        first.focus();
      }
    }
  });
  // Keys pressed while the view itself has focus (right after switching to it).
  root.addEventListener("keydown", (e) => {
    if (e.target !== root || !page.isConnected) return;
    if (e.key === "j" || e.key === "ArrowDown") {
      e.preventDefault();
      moveDay(1);
    } else if (e.key === "/") {
      e.preventDefault();
      search.focus();
    }
  });

  // --- search
  let searchTimer = null;
  let searchSeq = 0;

  async function jumpTo(date) {
    search.value = "";
    results.hidden = true;
    list.hidden = false;
    await loadPage(nextDay(date), { reset: true });
    const day = list.querySelector(`[data-date="${date}"]`);
    if (day) day.focus();
    // Newer days are a click away.
    status.textContent = `${status.textContent} · from ${longDate(date)}`;
    more.hidden = !state.older;
    showNewest.hidden = false;
  }

  const showNewest = h(
    "button",
    { type: "button", class: "quiet small", attrs: { "data-testid": "journal-newest", hidden: true } },
    "Back to the newest day",
  );
  showNewest.addEventListener("click", async () => {
    showNewest.hidden = true;
    await loadPage(null, { reset: true });
    const first = days()[0];
    if (first) first.focus();
  });
  page.insertBefore(h("div", { class: "newest-row" }, showNewest), list);

  const RECORD_LABEL = { event: "Event", checkin: "Check-in", reflection: "Reflection" };

  // The snippet as text nodes and <mark> elements built with textContent: never markup.
  function snippetOf(segments) {
    return segments.map((s) => (s.mark ? h("mark", { text: s.text }) : document.createTextNode(s.text)));
  }

  function whereOf(hit) {
    const parts = [RECORD_LABEL[hit.type] || hit.type];
    if (hit.type === "event" && hit.event_kind) parts.push(KIND_LABEL[hit.event_kind] || "");
    if (hit.context && hit.field !== "task" && hit.field !== "title") parts.push(hit.context);
    parts.push(hit.field);
    return parts.filter(Boolean).join(" · ");
  }

  function renderHits(words, hits) {
    if (!hits.length) {
      replace(
        results,
        h("p", { class: "lede", attrs: { "data-testid": "search-empty" } }, `Nothing you wrote contains \u201c${words}\u201d.`),
      );
      return;
    }
    replace(
      results,
      h(
        "p",
        { class: "hint" },
        hits.length >= 50
          ? "The 50 best matches; Enter opens the day."
          : `${count(hits.length, "match", "matches")}, best first; Enter opens the day.`,
      ),
      h(
        "ul",
        { class: "hits" },
        hits.map((hit) =>
          h(
            "li",
            {},
            h(
              "button",
              {
                type: "button",
                class: "hit",
                attrs: { "data-testid": "search-hit", "data-type": hit.type },
                on: { click: () => jumpTo(hit.date) },
              },
              h("span", {
                class: "hit-date",
                text: hit.type === "checkin" ? longDate(hit.date) : `${longDate(hit.date)} · ${timeOf(hit.at)}`,
              }),
              h("span", { class: "hit-where", text: whereOf(hit) }),
              h("span", { class: "hit-text", attrs: { "data-testid": "search-snippet" } }, snippetOf(hit.snippet)),
            ),
          ),
        ),
      ),
    );
  }

  async function runSearch() {
    const words = search.value.trim();
    const seq = ++searchSeq;
    if (!words) {
      results.hidden = true;
      list.hidden = false;
      more.hidden = !state.older;
      return;
    }
    try {
      const hits = await api.searchJournal(words, {
        kind: searchKind.value || null,
        since: searchSince.value || null,
        until: searchUntil.value || null,
      });
      if (seq !== searchSeq) return;
      banner.hide();
      renderHits(words, hits);
      results.hidden = false;
      list.hidden = true;
      more.hidden = true;
    } catch (e) {
      banner.show(`The search did not run: ${e.message}`);
    }
  }

  search.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, 150);
  });
  for (const f of [searchKind, searchSince, searchUntil]) {
    f.addEventListener("change", () => {
      if (search.value.trim()) runSearch();
    });
  }
  search.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      clearTimeout(searchTimer);
      runSearch();
    }
  });
  results.addEventListener("keydown", (e) => {
    const buttons = [...results.querySelectorAll("button.hit")];
    const at = buttons.indexOf(document.activeElement);
    if (at < 0) return;
    if (e.key === "ArrowDown" && at + 1 < buttons.length) {
      e.preventDefault();
      buttons[at + 1].focus();
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      (at > 0 ? buttons[at - 1] : search).focus();
    }
  });

  return {
    async show() {
      // Always start from the newest days: something may have been logged since.
      if (!search.value.trim()) {
        showNewest.hidden = true;
        // The days an earlier visit drew go at once: they are drawn again from what is read
        // now, and laying them out again meanwhile would only hold up the new drawing.
        cancelLater();
        laterDays = [];
        delete page.dataset.ready;
        replace(list);
        await loadPage(null, { reset: true });
      }
      root.focus({ preventScroll: true });
    },
  };
}
