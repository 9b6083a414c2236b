// Trends' day-by-day section: mood and energy beside alignment, a calendar of days, a map of
// when breaks happen (weekday × time of day) and how steadily the journal was kept, for the
// chosen range. The numbers come from the core (days_picture); this module only draws them.
// Every chart has a text summary and its numbers in a table.

import { h, replace } from "./dom.js";
import { count, longDate, mediumDate, pct, shortDate } from "./format.js";
import { figure, r1, s, table, title } from "./svg.js";

const W = 680;
const M = { top: 26, right: 14, bottom: 30, left: 46 };
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
// The analyzer's time-of-day blocks, in its order (core's BLOCKS).
const PARTS = ["Morning (5–12)", "Afternoon (12–17)", "Evening (17–22)", "Night (22–5)"];

export const RANGES = [
  ["four_weeks", "4 weeks"],
  ["quarter", "Quarter"],
  ["year", "Year"],
  ["all", "All"],
];

const fmt1 = (v) => (v === null || v === undefined ? "–" : v.toFixed(1));

// --- mood and energy beside alignment, weekly means
function moodChart(p) {
  const weeks = p.weeks.filter((w) => w.alignment_days + w.energy_days + w.mood_days > 0);
  if (weeks.length < 2) return null;
  const H = 210;
  const inner = W - M.left - M.right;
  const x = (i) => M.left + (weeks.length > 1 ? (i * inner) / (weeks.length - 1) : inner / 2);
  const y = (v) => H - M.bottom - ((v - 1) / 4) * (H - M.top - M.bottom);
  const series = [
    { key: "alignment", label: "Alignment", cls: "line alt" },
    { key: "energy", label: "Energy", cls: "line energy" },
    { key: "mood", label: "Mood", cls: "line mood" },
  ];
  const path = (key) => {
    let d = "";
    let pen = false;
    weeks.forEach((w, i) => {
      const v = w[key];
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? "L" : "M"}${r1(x(i))},${r1(y(v))}`;
      pen = true;
    });
    return d;
  };
  const svg = s(
    "svg",
    { viewBox: `0 0 ${W} ${H}`, class: "chart-svg", role: "img", "aria-label": "Weekly mean alignment, energy and mood, 1 to 5" },
    [1, 2, 3, 4, 5].map((v) =>
      s(
        "g",
        {},
        s("line", { class: "grid", x1: M.left, x2: W - M.right, y1: r1(y(v)), y2: r1(y(v)) }),
        s("text", { class: "axis-text", x: M.left - 8, y: r1(y(v) + 4), "text-anchor": "end" }, String(v)),
      ),
    ),
    s("text", { class: "axis-title", x: M.left, y: 12 }, "weekly mean, 1 (low) – 5 (high)"),
    series.map((k) => s("path", { class: k.cls, d: path(k.key), "data-testid": `line-${k.key}` })),
    weeks.map((w, i) =>
      series.map((k) =>
        w[k.key] === null
          ? null
          : s(
              "circle",
              { class: `dot ${k.key}`, cx: r1(x(i)), cy: r1(y(w[k.key])), r: 3 },
              title(
                `Week of ${shortDate(w.monday)}: ${k.label.toLowerCase()} ${fmt1(w[k.key])} (mean of ${count(w[`${k.key}_days`], "day")})`,
              ),
            ),
      ),
    ),
    s("text", { class: "axis-text", x: M.left, y: H - 8 }, shortDate(weeks[0].monday)),
    s("text", { class: "axis-text", x: W - M.right, y: H - 8, "text-anchor": "end" }, shortDate(weeks[weeks.length - 1].monday)),
  );
  const legend = h(
    "ul",
    { class: "legend" },
    series.map((k) => h("li", {}, h("span", { class: `swatch ${k.key}`, attrs: { "aria-hidden": "true" } }), k.label)),
  );
  const mean = (key) => {
    const vals = weeks.filter((w) => w[key] !== null);
    if (!vals.length) return null;
    const days = vals.reduce((a, w) => a + w[`${key}_days`], 0);
    const sum = vals.reduce((a, w) => a + w[key] * w[`${key}_days`], 0);
    return { v: sum / days, days };
  };
  const parts = series.map((k) => {
    const m = mean(k.key);
    return m ? `${k.label} ${fmt1(m.v)} on average (${count(m.days, "day")})` : `no ${k.label.toLowerCase()} rated`;
  });
  const fig = figure(
    "chart-mood-energy",
    "Mood and energy beside alignment",
    h("div", {}, svg, legend),
    `${parts.join("; ")}. Mood comes from the check-in, or from imported entries (such as Daylio's) on days without one.`,
    () =>
      table(
        ["Week", "Alignment", "Energy", "Mood"],
        weeks.map((w) => [
          `Week of ${shortDate(w.monday)}`,
          `${fmt1(w.alignment)} (${w.alignment_days})`,
          `${fmt1(w.energy)} (${w.energy_days})`,
          `${fmt1(w.mood)} (${w.mood_days})`,
        ]),
      ),
  );
  return fig;
}

// --- the calendar: a column per week, a row per weekday; arrows move, Enter opens the day
function dayLevel(d) {
  if (!d.logged) return "none";
  const r = breakRate(d);
  if (r === null) return "logged";
  if (r === 0) return "r0";
  if (r < 0.34) return "r1";
  if (r < 0.67) return "r2";
  return "r3";
}

function breakRate(d) {
  const n = d.breaks + d.completed;
  return n ? d.breaks / n : null;
}

function dayWords(d) {
  if (!d.logged) return `${longDate(d.date)}: not logged`;
  const bits = [];
  const n = d.breaks + d.completed;
  if (d.events) bits.push(n ? `${d.breaks} of ${n} broke` : count(d.events, "event"));
  if (d.alignment) bits.push(`alignment ${d.alignment}`);
  if (d.mood !== null) bits.push(`mood ${fmt1(d.mood)}`);
  if (d.reflections) bits.push(count(d.reflections, "reflection"));
  return `${longDate(d.date)}: ${bits.join(", ") || "written"}`;
}

function calendar(p, open) {
  if (!p.days.length) return null;
  const first = p.days[0];
  const [y, m, dd] = first.date.split("-").map(Number);
  const lead = (new Date(y, m - 1, dd).getDay() + 6) % 7; // Monday = 0
  const grid = h("div", { class: "calendar", attrs: { role: "grid", "aria-label": "Days, a column per week", "data-testid": "calendar" } });
  // The grid fills column by column (a column per week, Monday on top): the weekday labels
  // first, then blank cells up to the first day's weekday, then the days. No cell needs a
  // position of its own, so a year (or ten) of days lays out in one pass.
  const labels = ["Mon", "", "Wed", "", "Fri", "", "Sun"].map((t) =>
    h("span", { class: "cal-label", text: t, attrs: { "aria-hidden": "true" } }),
  );
  const blanks = Array.from({ length: lead }, () => h("span", { class: "cal-blank", attrs: { "aria-hidden": "true" } }));
  const cells = p.days.map((d) => {
    const words = dayWords(d);
    return h("button", {
      type: "button",
      class: `cal-day lvl-${dayLevel(d)}`,
      tabIndex: -1,
      attrs: { "data-testid": "calendar-day", "data-date": d.date, "aria-label": words, title: words },
    });
  });
  replace(grid, labels, blanks, cells);
  // One listener for every day: a click (or Enter, or Space) opens the day.
  grid.addEventListener("click", (e) => {
    const b = e.target.closest("button.cal-day");
    if (b) open(b.dataset.date);
  });
  // One tab stop: the last day; arrows move by a day (up/down) or a week (left/right).
  let at = cells.length - 1;
  cells[at].tabIndex = 0;
  grid.addEventListener("keydown", (e) => {
    const i = cells.indexOf(document.activeElement);
    if (i < 0) return;
    const step = { ArrowUp: -1, ArrowDown: 1, ArrowLeft: -7, ArrowRight: 7, Home: -i, End: cells.length - 1 - i }[e.key];
    if (step === undefined) return;
    e.preventDefault();
    const j = Math.max(0, Math.min(cells.length - 1, i + step));
    cells[at].tabIndex = -1;
    at = j;
    cells[j].tabIndex = 0;
    cells[j].focus();
  });
  const logged = p.days.filter((d) => d.logged);
  const rated = logged.filter((d) => breakRate(d) !== null);
  const calm = rated.filter((d) => breakRate(d) === 0).length;
  const legend = h(
    "ul",
    { class: "legend" },
    [
      ["none", "not logged"],
      ["logged", "logged, nothing counted"],
      ["r0", "no breaks"],
      ["r1", "under a third broke"],
      ["r2", "a third to two thirds"],
      ["r3", "two thirds or more"],
    ].map(([lvl, text]) => h("li", {}, h("span", { class: `swatch cal-day lvl-${lvl}`, attrs: { "aria-hidden": "true" } }), text)),
  );
  // The newest days are in view first (the grid scrolls back in time).
  requestAnimationFrame(() => {
    const wrap = grid.parentElement;
    if (wrap) wrap.scrollLeft = wrap.scrollWidth;
  });
  return figure(
    "chart-calendar",
    "Days",
    h(
      "div",
      { class: "calendar-wrap" },
      h("div", { class: "calendar-scroll" }, grid),
      legend,
      h("p", { class: "hint", text: "Arrow keys move between days; Enter opens the day in Today, to log or fix it." }),
    ),
    `${count(logged.length, "day")} of ${p.days.length} logged from ${mediumDate(first.date)} to ${mediumDate(p.to)}; on ${count(rated.length, "day")} with counted work, ${calm} had no break.`,
    () =>
      table(
        ["Day", "Broke", "Counted", "Alignment", "Mood"],
        logged.map((d) => [
          d.date,
          String(d.breaks),
          String(d.breaks + d.completed),
          d.alignment ? String(d.alignment) : "–",
          fmt1(d.mood),
        ]),
      ),
  );
}

// --- when breaks happen
function whenMap(p) {
  const total = p.cells.reduce((a, c) => a + c.breaks + c.completed, 0);
  if (!total) return null;
  const cell = (w, part) => p.cells[w * 4 + part];
  const rows = WEEKDAYS.map((name, w) =>
    h(
      "tr",
      {},
      h("th", { attrs: { scope: "row" }, text: name }),
      PARTS.map((_, part) => {
        const c = cell(w, part);
        const n = c.breaks + c.completed;
        const rate = n ? c.breaks / n : null;
        const lvl = rate === null ? "none" : rate === 0 ? "r0" : rate < 0.34 ? "r1" : rate < 0.67 ? "r2" : "r3";
        return h(
          "td",
          {
            class: `heat lvl-${lvl}`,
            attrs: {
              "data-testid": "when-cell",
              title: n
                ? `${name}, ${PARTS[part].toLowerCase()}: ${c.breaks} of ${n} broke (${pct(rate)})`
                : `${name}, ${PARTS[part].toLowerCase()}: nothing counted`,
            },
          },
          n ? `${c.breaks} of ${n}` : "–",
        );
      }),
    ),
  );
  const grid = h(
    "table",
    { class: "heatmap", attrs: { "data-testid": "when-map" } },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { attrs: { scope: "col" }, text: "" }),
        PARTS.map((t) => h("th", { attrs: { scope: "col" }, text: t })),
      ),
    ),
    h("tbody", {}, rows),
  );
  // The busiest cell with the highest rate among those with at least five counted events.
  const firm = p.cells.filter((c) => c.breaks + c.completed >= 5);
  const worst = firm.reduce((a, c) => (!a || c.breaks / (c.breaks + c.completed) > a.breaks / (a.breaks + a.completed) ? c : a), null);
  const summary = worst
    ? `Breaks are most frequent on ${WEEKDAYS[worst.weekday]} ${PARTS[worst.part].split(" ")[0].toLowerCase()}s: ${worst.breaks} of ${worst.breaks + worst.completed} (${pct(worst.breaks / (worst.breaks + worst.completed))}). Cells with fewer than five counted events are small samples.`
    : "Each cell is a small sample so far (fewer than five counted events).";
  return figure(
    "chart-when",
    "When breaks happen",
    h("div", { class: "heatmap-wrap" }, grid),
    `${summary} Times are each event's own local time.`,
    () =>
      table(
        ["Weekday", ...PARTS],
        WEEKDAYS.map((name, w) => [
          name,
          ...PARTS.map((_, part) => {
            const c = cell(w, part);
            return `${c.breaks} broke, ${c.completed} done, ${c.events} logged`;
          }),
        ]),
      ),
  );
}

function consistency(p) {
  const c = p.consistency;
  if (!c.days) return null;
  return h(
    "section",
    { class: "block consistency", attrs: { "data-testid": "consistency" } },
    h("h2", { text: "Consistency" }),
    h(
      "p",
      { class: "lede" },
      `Logged on ${c.logged_days} of ${count(c.days, "day")} (${pct(c.share)}) · longest run ${count(c.longest_run, "day")} · current run ${count(c.current_run, "day")}.`,
    ),
    h("p", {
      class: "hint",
      text: "A day counts as logged when anything was written on it: an event, a check-in or a reflection. Days not logged are neither good nor bad days.",
    }),
  );
}

/**
 * The section's parts for one picture, in page order, each a function that draws it (or
 * returns null when there is nothing to show), so the view can draw what is in the window
 * first and the rest just after; `open(date)` shows a day in Today.
 */
export function pictureParts(p, open) {
  return [() => consistency(p), () => moodChart(p), () => calendar(p, open), () => whenMap(p)];
}
