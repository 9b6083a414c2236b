// The Journal view: past days, newest first, a page at a time — each with its check-in, events
// (Edit opens the day in Today; Delete can be undone) and reflections, imported moods and
// activities shown as such — and a search over everything written, with filters. Keyboard:
// j / k or the arrow keys move between days, / searches, Esc clears the search.

import { api } from "./api.js";
import { h, replace } from "./dom.js";
import { errorBanner, undoBar } from "./feedback.js";
import { count, longDate, nextDay, timeOf } from "./format.js";
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
    return h(
      "div",
      { class: "day-checkin", attrs: { "data-testid": "day-checkin" } },
      h("span", { class: "muted-label", text: "Check-in" }),
      h("span", {}, parts.join(" · ")),
      c.note ? h("p", { class: "day-note", text: c.note }) : null,
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
      h(
        "span",
        { class: "event-actions" },
        h(
          "button",
          {
            type: "button",
            class: "quiet small",
            attrs: { "data-testid": "journal-event-edit", "aria-label": `Edit \u201c${ev.task}\u201d on its day` },
            on: { click: () => go?.("today", { date: ev.at.slice(0, 10), edit: ev.id }) },
          },
          "Edit",
        ),
        h(
          "button",
          {
            type: "button",
            class: "quiet small",
            attrs: { "data-testid": "journal-event-delete", "aria-label": `Delete \u201c${ev.task}\u201d` },
            on: { click: (e) => removeEvent(ev, e.currentTarget.closest("li")) },
          },
          "Delete",
        ),
      ),
    );
  }

  /** Deletes an event from its day; Undo puts it back where it was, the keyboard with it. */
  async function removeEvent(ev, row) {
    try {
      const deleted = await api.deleteEvent(ev.id);
      const parent = row.parentNode;
      const next = row.nextSibling;
      row.remove();
      announce(`Deleted \u201c${deleted.task}\u201d.`);
      const button = undo.show(
        `Deleted \u201c${deleted.task}\u201d.`,
        async () => {
          try {
            await api.undoDelete(deleted);
            parent.insertBefore(row, next);
            announce(`Restored \u201c${deleted.task}\u201d.`);
            return row.querySelector("[data-testid='journal-event-edit']");
          } catch (e) {
            undo.error(e.message);
            return null;
          }
        },
        "Undo delete",
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
    if (r.mood) chips.push(h("span", { class: "chip mood", attrs: { "data-testid": "reflection-mood" }, text: `Mood ${r.mood} of 5` }));
    for (const t of r.tags || []) chips.push(h("span", { class: "chip tag", attrs: { "data-testid": "reflection-tag" }, text: `#${t}` }));
    const from = r.source?.app ? `Imported from ${APPS[r.source.app] || r.source.app}` : null;
    return h(
      "li",
      { class: "answer", attrs: { "data-testid": "journal-reflection" } },
      h("span", { class: "event-time", text: timeOf(r.at) }),
      h("span", { class: "answer-label", text: r.source?.app === "daylio" ? "Entry" : "Reflection" }),
      h(
        "div",
        { class: "event-body" },
        r.title ? h("p", { class: "reflection-title", text: r.title }) : null,
        h("p", { class: "answer-text", text: r.text }),
        chips.length ? h("p", { class: "reflection-chips" }, chips) : null,
        from ? h("p", { class: "event-meta", text: from }) : null,
      ),
    );
  }

  function renderDay(d) {
    const summary = [];
    if (d.events.length) summary.push(count(d.events.length, "event"));
    if (d.reflections.length) summary.push(count(d.reflections.length, "reflection"));
    const headId = `day-${d.date}`;
    return h(
      "article",
      { class: "day", tabIndex: 0, attrs: { "data-testid": "journal-day", "data-date": d.date, "aria-labelledby": headId } },
      h(
        "h2",
        { class: "day-head", id: headId },
        h("span", { class: "day-date", text: longDate(d.date) }),
        summary.length ? h("span", { class: "day-summary", text: summary.join(" · ") }) : null,
      ),
      d.checkin ? renderCheckin(d.checkin) : null,
      d.events.length ? h("ul", { class: "events" }, d.events.map(renderEvent)) : null,
      d.reflections.length ? h("ul", { class: "answers" }, d.reflections.map(renderReflection)) : null,
    );
  }

  // --- paging
  async function loadPage(before, { reset } = {}) {
    try {
      const p = await api.journal(before, null);
      banner.hide();
      if (reset) {
        replace(list);
        state.days = 0;
      }
      const nodes = p.days.map(renderDay);
      list.append(...nodes);
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
      return nodes;
    } catch (e) {
      banner.show(`The journal could not be read: ${e.message}`);
      return [];
    }
  }

  more.addEventListener("click", async () => {
    if (!state.older) return;
    const nodes = await loadPage(state.older);
    if (nodes[0]) nodes[0].focus();
    announce(`${count(nodes.length, "older day")} shown.`);
  });

  // --- keyboard: move between days
  function days() {
    return [...list.querySelectorAll("[data-testid='journal-day']")];
  }

  function moveDay(delta) {
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
        await loadPage(null, { reset: true });
      }
      root.focus({ preventScroll: true });
    },
  };
}
