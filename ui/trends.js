// The Trends view, for a chosen range (4 weeks, a quarter, a year, all): the weekly break rate,
// the alignment rating, the breaks by kind and the three costs of misalignment over time, and
// the journal day by day (picture.js: consistency, mood and energy, the calendar of days, when
// breaks happen), as SVG charts with labelled axes. Every point carries the counts behind it (on hover
// and in the numbers under each chart); detected shifts are marked on the time axis with their
// before → after. Early journals get a sentence, not empty axes.

import { api } from "./api.js";
import { drawLater, h, replace } from "./dom.js";
import { errorBanner } from "./feedback.js";
import { count, mediumDate, pct, shortDate } from "./format.js";
import { KIND_LABEL } from "./kinds.js";
import { pictureParts, RANGES } from "./picture.js";
import { figure, r1, s, table, title } from "./svg.js";

const W = 680;
const M = { top: 26, right: 14, bottom: 30, left: 46 };

/** The kinds of break, in the order the analysis counts them, with their plural for sentences. */
const BREAK_PLURALS = { delayed_start: "delayed starts", unfinished: "unfinished", avoided: "avoided", switched: "switched" };
const KIND_SERIES = Object.entries(BREAK_PLURALS).map(([key, plural]) => ({ key, label: KIND_LABEL[key], plural }));

/** A month's short name on the time axis (made once: making a formatter is the costly part). */
const MONTH = new Intl.DateTimeFormat(undefined, { month: "short" });

/** Typical heights of the view's header and of one chart, in pixels: what fits in the window
 * is drawn at once, the rest just after. */
const HEAD_PX = 170;
const CHART_PX = 340;

/** Fewer counted events than this in a week make its rate a small sample. */
const SMALL = 5;

function weekName(w) {
  return `Week of ${shortDate(w.monday)}`;
}

function weekOf(w) {
  return `the week of ${shortDate(w.monday)}`;
}

/** The x position of each week, evenly spaced. */
function xScale(n, width) {
  const inner = width - M.left - M.right;
  const step = n > 1 ? inner / (n - 1) : 0;
  return (i) => (n > 1 ? M.left + i * step : M.left + inner / 2);
}

/** Month labels on the time axis, at the first week that starts in each month. */
function timeAxis(weeks, x, height) {
  const y = height - M.bottom;
  const out = [s("line", { class: "axis-line", x1: M.left, x2: W - M.right, y1: y, y2: y })];
  // The first week that starts in each month; a month cut short at the left edge gives way
  // to the next one rather than crowding it.
  let marks = [];
  weeks.forEach((w, i) => {
    const month = w.monday.slice(0, 7);
    if (!marks.length || marks[marks.length - 1].month !== month) marks.push({ month, px: x(i) });
  });
  if (marks.length > 1 && marks[1].px - marks[0].px < 44) marks = marks.slice(1);
  let lastX = -Infinity;
  for (const { month, px } of marks) {
    if (px - lastX < 44) continue;
    lastX = px;
    const [yy, mm] = month.split("-").map(Number);
    const label = MONTH.format(new Date(yy, mm - 1, 1));
    out.push(s("line", { class: "tick", x1: r1(px), x2: r1(px), y1: y, y2: y + 4 }));
    out.push(s("text", { class: "axis-text", x: r1(px), y: y + 17, "text-anchor": "middle" }, label));
  }
  return out;
}

/** Horizontal grid lines with labels on the left. */
function valueAxis(ticks, y, label) {
  return ticks
    .map((t) =>
      s(
        "g",
        {},
        s("line", { class: "grid", x1: M.left, x2: W - M.right, y1: r1(y(t.v)), y2: r1(y(t.v)) }),
        s("text", { class: "axis-text", x: M.left - 8, y: r1(y(t.v) + 4), "text-anchor": "end" }, t.label),
      ),
    )
    .concat(label ? [s("text", { class: "axis-title", x: M.left, y: 12 }, label)] : []);
}

/** Dashed markers at the weeks where a shift was detected, with before → after (and the
 * series' name when `name` gives one). */
function shiftMarks(shifts, weeks, x, height, fmt, name = () => "") {
  return shifts.map((sh) => {
    let i = weeks.findIndex((w) => w.monday > sh.date) - 1;
    if (i < 0) i = sh.date >= weeks[weeks.length - 1].monday ? weeks.length - 1 : 0;
    const px = r1(x(i));
    const text = `${name(sh)}${shortDate(sh.date)}: ${fmt(sh.before)} → ${fmt(sh.after)}`;
    const anchor = px > W - 150 ? "end" : "start";
    return s(
      "g",
      { class: "shift", "data-testid": "shift-mark" },
      title(`${name(sh)}shift detected around ${mediumDate(sh.date)}: ${fmt(sh.before)} before, ${fmt(sh.after)} after`),
      // The weeks since the shift, lightly shaded.
      s("rect", {
        class: "shift-band",
        x: px,
        y: M.top - 6,
        width: r1(Math.max(0, W - M.right - px)),
        height: r1(height - M.bottom - M.top + 6),
      }),
      s("line", { x1: px, x2: px, y1: M.top - 6, y2: height - M.bottom }),
      s("text", { class: "shift-text", x: anchor === "end" ? px - 5 : px + 5, y: M.top + 4, "text-anchor": anchor }, text),
    );
  });
}

/** Solid markers at the weeks where a pathway began, labelled with its next step. */
function pathwayMarks(pathways, weeks, x, height) {
  return pathways.map((p, k) => {
    let i = weeks.findIndex((w) => w.monday > p.started_on) - 1;
    if (i < 0) i = p.started_on >= weeks[weeks.length - 1].monday ? weeks.length - 1 : 0;
    const px = r1(x(i));
    const anchor = px > W - 150 ? "end" : "start";
    const label = `Pathway ${shortDate(p.started_on)}`;
    return s(
      "g",
      { class: "pathway-mark", "data-testid": "pathway-mark" },
      title(`Pathway began ${mediumDate(p.started_on)}${p.next_action ? `: ${p.next_action}` : ""}`),
      s("line", { x1: px, x2: px, y1: M.top - 6, y2: height - M.bottom }),
      s(
        "text",
        { class: "pathway-text", x: anchor === "end" ? px - 5 : px + 5, y: height - M.bottom - 6 - k * 13, "text-anchor": anchor },
        label,
      ),
    );
  });
}

/** A line through the weeks that have a value, broken where a week has none. */
function linePath(weeks, x, y, value) {
  let d = "";
  let pen = false;
  weeks.forEach((w, i) => {
    const v = value(w);
    if (v === null || v === undefined) {
      pen = false;
      return;
    }
    d += `${pen ? "L" : "M"}${r1(x(i))},${r1(y(v))}`;
    pen = true;
  });
  return d;
}

// ---------------------------------------------------------------------------------------------
// The charts

function breakRateChart(t) {
  const weeks = t.weeks;
  const H = 210;
  const x = xScale(weeks.length, W);
  const y = (v) => H - M.bottom - v * (H - M.top - M.bottom);
  const rated = weeks.filter((w) => w.break_rate !== null);
  const dots = weeks.map((w, i) => {
    if (w.break_rate === null) return null;
    const n = w.breaks + w.completed;
    const small = n < SMALL;
    return s(
      "circle",
      { class: small ? "dot small-sample" : "dot", cx: r1(x(i)), cy: r1(y(w.break_rate)), r: 3.5, "data-testid": "rate-dot" },
      title(`${weekName(w)}: ${w.breaks} of ${n} broke — ${pct(w.break_rate)}${small ? " (small sample)" : ""}`),
    );
  });
  const shifts = t.shifts.filter((sh) => sh.series === "break_rate");
  const svg = s(
    "svg",
    { viewBox: `0 0 ${W} ${H}`, class: "chart-svg", role: "img", "aria-label": "Weekly break rate, 0 to 100 percent, by week" },
    valueAxis(
      [0, 0.25, 0.5, 0.75, 1].map((v) => ({ v, label: pct(v) })),
      y,
      "break rate, % of counted events",
    ),
    timeAxis(weeks, x, H),
    shiftMarks(shifts, weeks, x, H, pct),
    pathwayMarks(t.pathways || [], weeks, x, H),
    s("path", { class: "line", d: linePath(weeks, x, y, (w) => w.break_rate) }),
    dots,
  );
  const latest = rated[rated.length - 1];
  const lo = rated.reduce((a, w) => (w.break_rate < a.break_rate ? w : a), rated[0]);
  const hi = rated.reduce((a, w) => (w.break_rate > a.break_rate ? w : a), rated[0]);
  const parts = [
    `Latest: ${pct(latest.break_rate)} (${latest.breaks} of ${latest.breaks + latest.completed}, ${weekOf(latest)}).`,
    `Lowest ${pct(lo.break_rate)} (${weekOf(lo)}), highest ${pct(hi.break_rate)} (${weekOf(hi)}).`,
  ];
  for (const sh of shifts) parts.push(`Around ${mediumDate(sh.date)} it shifted from ${pct(sh.before)} to ${pct(sh.after)}.`);
  for (const p of t.pathways || [])
    parts.push(`A pathway began ${mediumDate(p.started_on)}${p.next_action ? ` (${p.next_action})` : ""}; Realign shows its effect.`);
  parts.push("Counted events are breaks and completions (planned skips count as neither); hollow dots are weeks with fewer than five.");
  return figure("chart-break-rate", "Break rate by week", svg, parts.join(" "), () =>
    table(
      ["Week", "Broke", "Counted", "Rate"],
      weeks
        .filter((w) => w.break_rate !== null)
        .map((w) => [weekName(w), String(w.breaks), String(w.breaks + w.completed), pct(w.break_rate)]),
    ),
  );
}

function alignmentChart(t) {
  const weeks = t.weeks;
  const rated = weeks.filter((w) => w.alignment !== null);
  if (rated.length < 2) return null;
  const H = 200;
  const x = xScale(weeks.length, W);
  const y = (v) => H - M.bottom - ((v - 1) / 4) * (H - M.top - M.bottom);
  const fmt = (v) => v.toFixed(1);
  const shifts = t.shifts.filter((sh) => sh.series === "alignment");
  const svg = s(
    "svg",
    {
      viewBox: `0 0 ${W} ${H}`,
      class: "chart-svg",
      role: "img",
      "aria-label": "Weekly mean alignment, 1 (enforcement) to 5 (continuation), by week",
    },
    valueAxis(
      [1, 2, 3, 4, 5].map((v) => ({ v, label: String(v) })),
      y,
      "alignment, weekly mean (1 enforcement – 5 continuation)",
    ),
    timeAxis(weeks, x, H),
    shiftMarks(shifts, weeks, x, H, fmt),
    s("path", { class: "line alt", d: linePath(weeks, x, y, (w) => w.alignment) }),
    weeks.map((w, i) =>
      w.alignment === null
        ? null
        : s(
            "circle",
            { class: "dot alt", cx: r1(x(i)), cy: r1(y(w.alignment)), r: 3.5 },
            title(`${weekName(w)}: mean ${fmt(w.alignment)} of ${count(w.checkins, "check-in")}`),
          ),
    ),
  );
  const latest = rated[rated.length - 1];
  const parts = [`Latest: ${fmt(latest.alignment)} (mean of ${count(latest.checkins, "check-in")}, ${weekOf(latest)}).`];
  for (const sh of shifts) parts.push(`Around ${mediumDate(sh.date)} it shifted from ${fmt(sh.before)} to ${fmt(sh.after)}.`);
  return figure("chart-alignment", "Alignment by week", svg, parts.join(" "), () =>
    table(
      ["Week", "Mean", "Check-ins"],
      rated.map((w) => [weekName(w), fmt(w.alignment), String(w.checkins)]),
    ),
  );
}

function kindsChart(t) {
  const weeks = t.weeks;
  const H = 200;
  const inner = W - M.left - M.right;
  const band = inner / Math.max(1, weeks.length);
  const barW = Math.max(2, Math.min(22, band * 0.7));
  const x = (i) => M.left + band * (i + 0.5);
  const max = Math.max(1, ...weeks.map((w) => w.breaks));
  const step = max <= 5 ? 1 : max <= 12 ? 2 : max <= 30 ? 5 : 10;
  const top = Math.ceil(max / step) * step;
  const y = (v) => H - M.bottom - (v / top) * (H - M.top - M.bottom);
  const ticks = [];
  for (let v = 0; v <= top; v += step) ticks.push({ v, label: String(v) });
  const bars = weeks.map((w, i) => {
    let acc = 0;
    const n = w.breaks + w.completed;
    return KIND_SERIES.map((k) => {
      const c = w.by_kind[k.key];
      if (!c) return null;
      const y0 = y(acc);
      acc += c;
      const y1 = y(acc);
      return s(
        "rect",
        { class: `bar kind-${k.key}`, x: r1(x(i) - barW / 2), y: r1(y1), width: r1(barW), height: r1(Math.max(0.5, y0 - y1)) },
        title(`${weekName(w)}: ${c} ${c === 1 ? k.label.toLowerCase() : k.plural} of ${n} counted (${pct(c / Math.max(1, n))})`),
      );
    });
  });
  const svg = s(
    "svg",
    { viewBox: `0 0 ${W} ${H}`, class: "chart-svg", role: "img", "aria-label": "Breaks per week, stacked by kind" },
    valueAxis(ticks, y, "breaks per week, by kind"),
    timeAxis(weeks, (i) => x(i), H),
    bars,
  );
  const totals = Object.fromEntries(KIND_SERIES.map((k) => [k.key, weeks.reduce((a, w) => a + w.by_kind[k.key], 0)]));
  const all = Object.values(totals).reduce((a, b) => a + b, 0);
  const summary = all
    ? `Over these weeks: ${KIND_SERIES.map((k) => `${totals[k.key]} ${k.plural}`).join(", ")}.`
    : "No breaks in these weeks.";
  const legend = h(
    "ul",
    { class: "legend" },
    KIND_SERIES.map((k) => h("li", {}, h("span", { class: `swatch kind-${k.key}`, attrs: { "aria-hidden": "true" } }), k.label)),
  );
  const fig = figure("chart-kinds", "Breaks by kind", svg, summary, () =>
    table(
      ["Week", ...KIND_SERIES.map((k) => k.label), "Counted"],
      weeks
        .filter((w) => w.breaks + w.completed > 0)
        .map((w) => [weekName(w), ...KIND_SERIES.map((k) => String(w.by_kind[k.key])), String(w.breaks + w.completed)]),
    ),
  );
  fig.insertBefore(legend, fig.querySelector("figcaption"));
  return fig;
}

const COST_SERIES = [
  { key: "cognitive_friction", label: "Cognitive friction", short: "Friction", cls: "cost-friction" },
  { key: "emotional_volatility", label: "Emotional volatility", short: "Volatility", cls: "cost-volatility" },
  { key: "behavioural_leakage", label: "Behavioural leakage", short: "Leakage", cls: "cost-leakage" },
];

/** The three costs of misalignment by week (0–1, higher = costlier), with their shifts. */
function costsChart(t) {
  const weeks = t.weeks;
  const series = COST_SERIES.map((c) => {
    const summary = (t.costs || []).find((x) => x.key === c.key);
    const by = new Map((summary ? summary.weekly : []).map((w) => [w.week, w.level]));
    const value = (w) => (by.has(w.week) ? by.get(w.week) : null);
    return { ...c, summary, value };
  });
  const H = 210;
  const x = xScale(weeks.length, W);
  const y = (v) => H - M.bottom - v * (H - M.top - M.bottom);
  const fmt = (v) => v.toFixed(2);
  const nameOf = (sh) => {
    const c = COST_SERIES.find((k) => k.key === sh.series);
    return c ? `${c.short} ` : "";
  };
  const shifts = (t.cost_shifts || []).filter((sh) => COST_SERIES.some((c) => c.key === sh.series));
  const any = series.some((c) => weeks.some((w) => c.value(w) !== null));
  if (!any) {
    return h(
      "section",
      { class: "chart", attrs: { "data-testid": "chart-costs" } },
      h("h2", { text: "What misalignment costs, by week" }),
      h("p", {
        class: "lede",
        text: "No week has enough to read its costs yet. Rate friction when you log, add mood and energy to check-ins, and log completions as well as breaks.",
      }),
    );
  }
  const svg = s(
    "svg",
    {
      viewBox: `0 0 ${W} ${H}`,
      class: "chart-svg",
      role: "img",
      "aria-label": "Weekly cognitive friction, emotional volatility and behavioural leakage, 0 to 1, by week",
    },
    valueAxis(
      [0, 0.25, 0.5, 0.75, 1].map((v) => ({ v, label: v.toFixed(2) })),
      y,
      "cost, 0 (none) – 1 (high)",
    ),
    timeAxis(weeks, x, H),
    shiftMarks(shifts, weeks, x, H, fmt, nameOf),
    series.map((c) => s("path", { class: `line ${c.cls}`, d: linePath(weeks, x, y, c.value) })),
    series.map((c) =>
      weeks.map((w, i) => {
        const v = c.value(w);
        return v === null
          ? null
          : s(
              "circle",
              { class: `dot ${c.cls}`, cx: r1(x(i)), cy: r1(y(v)), r: 3, "data-testid": "cost-dot" },
              title(`${weekName(w)}: ${c.label.toLowerCase()} ${fmt(v)}`),
            );
      }),
    ),
  );
  const parts = series.map((c) => (c.summary ? c.summary.sentence : `${c.label}: not enough data yet.`));
  for (const sh of shifts)
    parts.push(`Around ${mediumDate(sh.date)} ${nameOf(sh).trim().toLowerCase()} shifted from ${fmt(sh.before)} to ${fmt(sh.after)}.`);
  parts.push("Weeks without enough entries for a cost leave a gap in its line.");
  const legend = h(
    "ul",
    { class: "legend" },
    series.map((c) => h("li", {}, h("span", { class: `swatch ${c.cls}`, attrs: { "aria-hidden": "true" } }), c.label)),
  );
  const rows = () =>
    weeks
      .filter((w) => series.some((c) => c.value(w) !== null))
      .map((w) => [weekName(w), ...series.map((c) => (c.value(w) === null ? "–" : fmt(c.value(w))))]);
  const fig = figure("chart-costs", "What misalignment costs, by week", svg, parts.join(" "), () =>
    table(["Week", ...series.map((c) => c.short)], rows()),
  );
  fig.insertBefore(legend, fig.querySelector("figcaption"));
  return fig;
}

// ---------------------------------------------------------------------------------------------

export function createTrends(root, { go } = {}) {
  const status = h("p", { class: "status", attrs: { "data-testid": "trends-status" } }, "Reading your journal…");
  const banner = errorBanner("trends-error");
  const body = h("div", { class: "trends-body" });
  // The range every chart shows: 4 weeks, a quarter, a year or everything.
  let range = "year";
  const rangeButtons = RANGES.map(([value, label]) =>
    h(
      "button",
      { type: "button", class: "seg", attrs: { "data-testid": `range-${value}`, "aria-pressed": String(value === range) } },
      label,
    ),
  );
  const rangePicker = h(
    "div",
    { class: "range-picker", attrs: { role: "group", "aria-label": "Range", "data-testid": "range-picker" } },
    rangeButtons,
  );
  for (const [i, b] of rangeButtons.entries()) {
    b.addEventListener("click", async () => {
      range = RANGES[i][0];
      for (const [j, x] of rangeButtons.entries()) x.setAttribute("aria-pressed", String(i === j));
      await load();
    });
  }
  const pictureEl = h("div", { class: "picture", attrs: { "data-testid": "picture" } });
  const page = h(
    "div",
    { class: "page trends", attrs: { "data-testid": "trends" } },
    h("header", { class: "today-head" }, h("h1", { class: "date", text: "Trends" }), status, rangePicker),
    banner.el,
    body,
    pictureEl,
  );
  replace(root, page);

  const openDay = (date) => (go ? go("today", { date }) : undefined);

  /** The weekly series cut to the range's first day (a week that overlaps it stays). */
  function inRange(t, from) {
    if (!from) return t;
    const [y, m, d] = from.split("-").map(Number);
    const weekBefore = new Date(y, m - 1, d - 6);
    const pad = (n) => String(n).padStart(2, "0");
    const first = `${weekBefore.getFullYear()}-${pad(weekBefore.getMonth() + 1)}-${pad(weekBefore.getDate())}`;
    return { ...t, weeks: t.weeks.filter((w) => w.monday >= first) };
  }

  // Each drawing of the view: the charts in the window are drawn at once, those below it in
  // the frames just after (drawLater); a newer drawing cancels what an older one left to do.
  let cancelLater = () => {};

  /**
   * Draws the charts and the day-by-day picture in page order: at once while they fall within
   * the window's height (guessed from typical heights, so nothing a person sees at the top of
   * the view waits), then one part per task after the first frame has been painted, each into
   * a placeholder that holds its place. The page is `data-ready` when the first frame is
   * drawn and loses `data-pending` when every part is in.
   */
  function render(t, p) {
    cancelLater();
    const charts = [];
    const rated = t.weeks.filter((w) => w.break_rate !== null);
    if (rated.length < 2) {
      status.textContent = t.weeks.length ? `${count(t.weeks.length, "week")} so far` : "Nothing logged yet";
      replace(
        body,
        h(
          "section",
          { class: "block first", attrs: { "data-testid": "trends-empty" } },
          h(
            "p",
            { class: "lede" },
            "Trends need at least two weeks with logged work. Log what you complete and what breaks for a couple of weeks, and your weekly break rate and alignment will appear here.",
          ),
        ),
      );
    } else {
      const n = t.shifts.length + (t.cost_shifts || []).length;
      const sh = n ? ` · ${count(n, "shift")} detected` : "";
      status.textContent = `${count(t.weeks.length, "week")} · ${mediumDate(t.weeks[0].monday)} – ${mediumDate(t.window.to)}${sh}`;
      charts.push(
        () => breakRateChart(t),
        () => alignmentChart(t),
        () => costsChart(t),
        () => kindsChart(t),
      );
      replace(
        body,
        t.enough_data
          ? null
          : h("p", { class: "hint early" }, "Early days: these are small samples, and shifts are looked for once there is more to go on."),
      );
    }
    replace(pictureEl);
    const parts = [...charts.map((make) => [body, make]), ...pictureParts(p, openDay).map((make) => [pictureEl, make])];
    let room = window.innerHeight - HEAD_PX;
    const later = [];
    for (const [into, make] of parts) {
      if (room > 0 && !later.length) {
        const node = make();
        if (node) {
          into.append(node);
          room -= CHART_PX;
        }
        continue;
      }
      const hold = h("div", { class: "chart-pending", attrs: { "aria-hidden": "true" } });
      into.append(hold);
      later.push(() => {
        const node = make();
        if (node) hold.replaceWith(node);
        else hold.remove();
      });
    }
    page.dataset.ready = "true";
    performance.mark("trends: drawn");
    if (later.length) {
      page.dataset.pending = "true";
      cancelLater = drawLater(later, () => delete page.dataset.pending);
    } else delete page.dataset.pending;
  }

  async function load() {
    try {
      const [t, p] = await Promise.all([api.trends(range), api.daysPicture(range)]);
      performance.mark("trends: read");
      banner.hide();
      render(inRange(t, range === "all" ? null : p.from), p);
    } catch (e) {
      banner.show(`Trends could not be read: ${e.message}`);
    }
  }

  return {
    /** The view is out of the page: its charts go now (they are drawn again when shown). */
    leave() {
      cancelLater();
      delete page.dataset.ready;
      delete page.dataset.pending;
      replace(body);
      replace(pictureEl);
    },
    async show() {
      // The charts of an earlier visit go at once: they are drawn again from what is read now,
      // and laying them out again first would only hold up the commands and the new drawing.
      cancelLater();
      delete page.dataset.ready;
      replace(body);
      replace(pictureEl);
      root.focus({ preventScroll: true });
      await load();
    },
  };
}
