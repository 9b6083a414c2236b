// The Insights view opens with the answer in two parts — where the system reads most
// misaligned (weakest layer, top probable belief) and what it is costing (cognitive friction,
// emotional volatility, behavioural leakage, each with its level in words, its trend and the
// numbers behind it) — then the three layers in brief, the probable belief constraints with
// their evidence and Confirm / Reject, and the recurring patterns with the counts behind them.
// Before there is enough to go on it says what to log next, and claims nothing.

import { api } from "./api.js";
import { h, replace } from "./dom.js";
import { errorBanner, undoBar } from "./feedback.js";
import { capitalize, count, mediumDate, pct, timeOf } from "./format.js";
import { KIND_LABEL } from "./kinds.js";
import { r1, s as svgEl, title as svgTitle } from "./svg.js";

const LAYERS = [
  { id: "belief", name: "Belief", about: "what your system accepts as true" },
  { id: "thinking", name: "Thinking", about: "how you read what happens" },
  { id: "execution", name: "Execution", about: "what you actually do" },
];

const PATTERN_TIER = {
  emerging: "emerging",
  likely: "likely",
  confirmed: "held on later weeks",
};

const PATTERN_TIER_ABOUT = {
  emerging: "Emerging: stands out from the rest of your journal, on little data so far.",
  likely: "Likely: stands out clearly, though not yet checked on later weeks.",
  confirmed: "Held on later weeks: found on your earlier weeks and still there on the later ones.",
};

// What each tier of a probable belief link means, shown beside it.
const BELIEF_TIER = {
  emerging: {
    word: "emerging",
    about: "Emerging: not yet a claim. Your breaks or your words point here, but not both clearly enough to say so.",
  },
  likely: {
    word: "likely",
    about: "Likely: your breaks concentrate where this belief predicts, and your own words point to it more than to any other belief.",
  },
  strong: {
    word: "strong",
    about: "Strong: the same as likely, with more and clearer evidence. Still probable, never certain.",
  },
};

/**
 * "likely · about 80%": the tier in words and the confidence rounded to 5%, kept between 5% and
 * 95% — a link is never shown as certain.
 */
export function confidenceLabel(tier, c) {
  const words = (BELIEF_TIER[tier] || { word: tier }).word;
  const rounded = Math.min(95, Math.max(5, Math.round(c * 20) * 5));
  return `${words} · about ${rounded}%`;
}

/** The filled part of a meter (set through the CSSOM: the page allows no inline styles). */
function meterFill(value) {
  const fill = h("span", { class: "meter-fill" });
  fill.style.width = `${Math.round(Math.min(1, Math.max(0, value)) * 100)}%`;
  return fill;
}

function sentence(s) {
  const t = capitalize(s.trim());
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** Weeks shown in a cost's small trend line. */
const SPARK_WEEKS = 12;

/** A small line of a cost's last weeks (0–1), with a title giving every value. */
function sparkline(c) {
  const weeks = c.weekly.slice(-SPARK_WEEKS);
  const rated = weeks.filter((w) => w.level !== null);
  if (rated.length < 2) return null;
  const Wd = 132;
  const Hd = 30;
  const x = (i) => 2 + (i * (Wd - 4)) / Math.max(1, weeks.length - 1);
  const y = (v) => Hd - 3 - v * (Hd - 6);
  let d = "";
  let pen = false;
  weeks.forEach((w, i) => {
    if (w.level === null) {
      pen = false;
      return;
    }
    d += `${pen ? "L" : "M"}${r1(x(i))},${r1(y(w.level))}`;
    pen = true;
  });
  const text = weeks.map((w) => `${w.week}: ${w.level === null ? "–" : w.level.toFixed(2)}`).join(", ");
  return svgEl(
    "svg",
    { viewBox: `0 0 ${Wd} ${Hd}`, class: "spark", role: "img", "aria-label": `${c.name}, last ${weeks.length} weeks: ${text}` },
    svgTitle(text),
    svgEl("line", { class: "spark-base", x1: 0, x2: Wd, y1: r1(y(0)), y2: r1(y(0)) }),
    svgEl("path", { class: `spark-line ${c.key}`, d }),
  );
}

export function createInsights(root, { announce, go }) {
  const title = h("h1", { class: "date", text: "Insights" });
  const status = h("p", { class: "status", attrs: { "data-testid": "insights-status" } }, "Reading your journal…");
  const banner = errorBanner("insights-error");
  const undo = undoBar({ testid: "verdict-undo", buttonTestid: "verdict-undo-button" });
  const body = h("div", { class: "insights-body" });
  const page = h(
    "div",
    { class: "page insights", attrs: { "data-testid": "insights" } },
    h("header", { class: "today-head" }, title, status),
    banner.el,
    undo.el,
    body,
  );
  replace(root, page);

  let view = null;
  let busy = false;

  function setStatus(v) {
    const w = v.window;
    if (!v.totals.events && !w.days_logged) {
      status.textContent = "Nothing logged yet";
      return;
    }
    const parts = [
      w.from === w.to ? mediumDate(w.from) : `${mediumDate(w.from)} – ${mediumDate(w.to)}`,
      `${count(w.days_logged, "day")} logged`,
      count(v.totals.events, "event"),
    ];
    status.textContent = parts.join(" · ");
  }

  // --- not enough data: what to log next
  function renderMissing(v) {
    return h(
      "section",
      { class: "block first", attrs: { "aria-label": "What to log next", "data-testid": "insights-missing" } },
      h("h2", { text: "What to log next" }),
      h(
        "p",
        { class: "lede" },
        "Patterns and probable beliefs appear once the journal has enough to go on. Nothing is claimed before then.",
      ),
      h(
        "ul",
        { class: "todo" },
        v.missing.map((m) => h("li", { attrs: { "data-testid": "missing" } }, sentence(m))),
      ),
      h("p", { class: "hint" }, "Log completed work as well as breaks: what went well is what makes a rate honest."),
    );
  }

  // --- the answer: where it is misaligned, and what it is costing
  function renderCost(c) {
    const known = c.level !== null;
    return h(
      "li",
      { class: `cost${known ? "" : " unknown"}`, attrs: { "data-testid": "cost", "data-cost": c.key } },
      h(
        "p",
        { class: "cost-head" },
        h("span", { class: "cost-name", text: c.name }),
        h("span", {
          class: "cost-level",
          attrs: { "data-testid": "cost-level" },
          text: known ? `${c.words} · ${c.level.toFixed(2)}` : c.words,
        }),
      ),
      known
        ? h(
            "span",
            {
              class: "meter",
              attrs: {
                role: "meter",
                "aria-valuemin": "0",
                "aria-valuemax": "1",
                "aria-valuenow": String(c.level),
                "aria-label": `${c.name}, 0 none to 1 high`,
              },
            },
            meterFill(c.level),
          )
        : null,
      h("p", { class: "hint cost-about", text: `${capitalize(c.about)}.` }),
      known
        ? h(
            "div",
            { class: "cost-trend" },
            sparkline(c),
            h("p", { attrs: { "data-testid": "cost-trend" }, text: `${capitalize(c.trend)}.` }),
          )
        : null,
      h(
        "details",
        { class: "numbers", attrs: { open: known ? null : true } },
        h("summary", { text: known ? "Numbers behind this" : "What to log" }),
        h("p", { attrs: { "data-testid": "cost-numbers" }, text: sentence(c.numbers) }),
      ),
    );
  }

  function renderAnswer(v) {
    const a = v.answer;
    return h(
      "section",
      { class: "block first answer", attrs: { "aria-label": "Where it is misaligned and what it is costing", "data-testid": "answer" } },
      h("h2", { text: "Where" }),
      h(
        "p",
        { class: "answer-where", attrs: { "data-testid": "answer-where" } },
        a.where ? a.where.sentence : "Not enough in the journal yet to say where — see what to log next below.",
      ),
      h("h2", { text: "What it is costing" }),
      h("ul", { class: "costs", attrs: { "data-testid": "costs" } }, a.costs.map(renderCost)),
    );
  }

  // --- the three layers, briefly
  function renderLayers(layers) {
    const weakest = LAYERS.find((l) => l.id === layers.weakest) || LAYERS[0];
    return h(
      "section",
      { class: "block", attrs: { "aria-label": "Three layers", "data-testid": "layers" } },
      h("h2", { text: "Three layers · last four weeks" }),
      h(
        "ul",
        { class: "layers" },
        LAYERS.map((l) => {
          const value = layers[l.id];
          const isWeakest = l.id === layers.weakest;
          return h(
            "li",
            { class: `layer-read${isWeakest ? " weakest" : ""}`, attrs: { "data-testid": `layer-${l.id}` } },
            h("span", { class: "layer-name", text: l.name }),
            h(
              "span",
              {
                class: "meter",
                attrs: {
                  role: "meter",
                  "aria-valuemin": "0",
                  "aria-valuemax": "1",
                  "aria-valuenow": String(value),
                  "aria-label": `${l.name} alignment`,
                },
              },
              meterFill(value),
            ),
            h("span", { class: "layer-value", text: value.toFixed(2) }),
            layers.basis?.[l.id]
              ? h("p", { class: "hint layer-basis", text: sentence(layers.basis[l.id]), attrs: { "data-testid": `layer-basis-${l.id}` } })
              : null,
          );
        }),
      ),
      h(
        "p",
        { class: "hint layer-note" },
        `${weakest.name} reads weakest right now — ${weakest.about}. Higher is better aligned (0–1); reflection prompts lean toward the weakest layer.`,
      ),
    );
  }

  // --- beliefs
  function renderBelief(b) {
    const confirmed = b.verdict === "confirmed";
    const quotes = b.quotes.slice(0, 3);
    const actions = confirmed
      ? [
          h("span", { class: "verdict-chip", text: "Confirmed by you", attrs: { "data-testid": "belief-verdict" } }),
          go
            ? h(
                "button",
                {
                  type: "button",
                  class: "primary small",
                  attrs: { "data-testid": "belief-pathway" },
                  on: { click: () => go("realign", { belief: b.belief_id }) },
                },
                "Design a pathway",
              )
            : null,
          h(
            "button",
            { type: "button", class: "quiet small", attrs: { "data-testid": "belief-unconfirm" }, on: { click: () => decide(b, null) } },
            "Take back",
          ),
        ]
      : [
          h(
            "button",
            {
              type: "button",
              class: "primary small",
              attrs: { "data-testid": "belief-confirm" },
              on: { click: () => decide(b, "confirmed") },
            },
            "Confirm",
          ),
          h(
            "button",
            { type: "button", class: "quiet small", attrs: { "data-testid": "belief-reject" }, on: { click: () => decide(b, "rejected") } },
            "Reject",
          ),
          h("span", { class: "hint" }, "Does this ring true?"),
        ];
    return h(
      "li",
      { class: `belief${confirmed ? " confirmed" : ""}`, attrs: { "data-testid": "belief", "data-belief": b.belief_id } },
      h("p", { class: "belief-statement", text: b.statement, attrs: { "data-testid": "belief-statement" } }),
      h(
        "p",
        { class: "meta" },
        h("span", {
          class: "tier",
          text: `Probable · ${confidenceLabel(b.tier, b.confidence)}`,
          attrs: { "data-testid": "belief-confidence" },
        }),
        " · ",
        `co-occurs with ${count(b.breaks_matched, "break")}`,
      ),
      h("p", { class: "hint tier-about", text: BELIEF_TIER[b.tier]?.about || "", attrs: { "data-testid": "belief-tier-about" } }),
      b.patterns.length
        ? h(
            "div",
            { class: "evidence" },
            h("p", { class: "evidence-label", text: "Explains" }),
            h(
              "ul",
              { class: "explains" },
              b.patterns.map((p) => h("li", { text: p.description })),
            ),
          )
        : null,
      quotes.length
        ? h(
            "div",
            { class: "evidence" },
            h("p", { class: "evidence-label", text: "In your words" }),
            quotes.map((q) => h("blockquote", { class: "quote", text: `\u201c${q}\u201d`, attrs: { "data-testid": "belief-quote" } })),
          )
        : null,
      b.breaks_matched ? eventsToggle({ beliefId: b.belief_id }, `Show the ${count(b.breaks_matched, "break")} behind it`) : null,
      h("div", { class: "actions" }, actions),
    );
  }

  // --- the events behind a pattern or a link, opened on demand
  function eventsToggle(which, label) {
    const list = h("div", { class: "behind", attrs: { "data-testid": "events-behind", hidden: true } });
    const button = h(
      "button",
      { type: "button", class: "link", attrs: { "aria-expanded": "false", "data-testid": "events-behind-button" } },
      label,
    );
    button.addEventListener("click", async () => {
      if (button.getAttribute("aria-expanded") === "true") {
        button.setAttribute("aria-expanded", "false");
        list.hidden = true;
        return;
      }
      try {
        const found = await api.eventsBehind(which.patternId || null, which.beliefId || null);
        replace(
          list,
          found.total > found.events.length
            ? h("p", { class: "hint", text: `The latest ${found.events.length} of ${found.total}.` })
            : null,
          h(
            "ul",
            { class: "behind-list" },
            found.events.map((e) =>
              h(
                "li",
                { attrs: { "data-testid": "event-behind" } },
                h("span", { class: "when", text: `${mediumDate(e.at.slice(0, 10))} ${timeOf(e.at)}` }),
                " · ",
                h("span", { class: "kind", text: KIND_LABEL[e.kind] || e.kind }),
                " · ",
                h("span", { class: "task", text: e.task }),
                e.thought ? h("span", { class: "thought", text: ` — “${e.thought}”` }) : null,
              ),
            ),
          ),
        );
        list.hidden = false;
        button.setAttribute("aria-expanded", "true");
      } catch (e) {
        errorBanner.textContent = `The events could not be read: ${e.message}`;
        errorBanner.hidden = false;
      }
    });
    return h("div", { class: "behind-wrap" }, button, list);
  }

  function renderBeliefs(v) {
    const beliefs = v.beliefs;
    return h(
      "section",
      { class: "block", attrs: { "aria-label": "Probable belief constraints", "data-testid": "beliefs" } },
      h("h2", { text: "Probable belief constraints" }),
      beliefs.length
        ? [
            h(
              "p",
              { class: "hint lede" },
              "What your breaks co-occur with — probable, not a diagnosis. Confirm what rings true; reject what does not.",
            ),
            h("ul", { class: "beliefs" }, beliefs.map(renderBelief)),
          ]
        : h(
            "p",
            { class: "lede", attrs: { "data-testid": "beliefs-empty" } },
            "No belief stands out from your breaks yet. Thoughts written with breaks — what you told yourself — are what links them to a belief.",
          ),
    );
  }

  // --- patterns
  function renderPattern(p) {
    return h(
      "li",
      { class: "pattern", attrs: { "data-testid": "pattern", "data-pattern": p.id } },
      h("p", { class: "pattern-text", text: p.description }),
      h(
        "p",
        { class: "meta" },
        h("span", { class: "count", text: `${p.breaks} of ${p.support}`, attrs: { "data-testid": "pattern-count" } }),
        " broke",
        " · ",
        h("span", {}, `range ${pct(p.ci[0]).replace("%", "")}–${pct(p.ci[1])}`),
        " · ",
        `over ${count(p.weeks, "week")}`,
        " · ",
        h("span", { class: "tier", text: PATTERN_TIER[p.tier] || p.tier }),
      ),
      h("p", { class: "hint tier-about", text: PATTERN_TIER_ABOUT[p.tier] || "" }),
      eventsToggle({ patternId: p.id }, `Show the ${count(p.support, "event")} behind it`),
    );
  }

  function renderPatterns(v) {
    return h(
      "section",
      { class: "block", attrs: { "aria-label": "Recurring patterns", "data-testid": "patterns" } },
      h("h2", { text: "Recurring patterns" }),
      // The words of the numbers, reachable from the keyboard (a tooltip is not).
      h(
        "details",
        { class: "terms", attrs: { "data-testid": "pattern-terms" } },
        h("summary", { text: "What these numbers mean" }),
        h("p", {
          text: "\u201c11 of 20 broke\u201d: of the 20 counted events in this slice (breaks and completions), 11 were breaks. \u201cRange 35\u201375%\u201d: the break rate this slice probably has, allowing for how few events there are (a 95% interval); a wide range means a small sample. \u201cOver 6 weeks\u201d: the weeks the events are spread over.",
        }),
        h("p", {
          text: "Emerging: stands out, on little data so far. Likely: stands out clearly, not yet checked on later weeks. Held on later weeks: found on your earlier weeks and still there on the later ones.",
        }),
      ),
      v.patterns.length
        ? h("ul", { class: "patterns" }, v.patterns.map(renderPattern))
        : h("p", { class: "lede" }, "No slice of your work breaks clearly more often than the rest. That is information too."),
    );
  }

  function render(v) {
    view = v;
    setStatus(v);
    if (!v.enough_data) {
      const missing = renderMissing(v);
      missing.classList.remove("first");
      replace(body, renderAnswer(v), missing);
    } else {
      replace(body, renderAnswer(v), v.layers ? renderLayers(v.layers) : null, renderBeliefs(v), renderPatterns(v));
    }
    page.dataset.ready = "true";
  }

  async function load() {
    try {
      const v = await api.insights();
      banner.hide();
      render(v);
    } catch (e) {
      banner.show(`Insights could not be read: ${e.message}`);
      if (!view) status.textContent = "";
    }
  }

  async function decide(b, verdict) {
    if (busy) return;
    busy = true;
    const previous = b.verdict || null;
    try {
      const v = await api.setVerdict(b.belief_id, verdict);
      banner.hide();
      render(v);
      const words = verdict === "confirmed" ? "Confirmed" : verdict === "rejected" ? "Rejected" : "Verdict taken back";
      const note = verdict === "rejected" ? " It will not be suggested again on this evidence." : "";
      announce(`${words}: ${b.statement.replace(/[.!?]+$/, "")}.${note}`);
      const undoButton = undo.show(
        `${words}: \u201c${b.statement.replace(/[.!?]+$/, "")}\u201d.`,
        async () => {
          try {
            render(await api.setVerdict(b.belief_id, previous));
            announce("Undone.");
            return body.querySelector(`[data-belief="${CSS.escape(b.belief_id)}"] button`);
          } catch (e) {
            banner.show(`The verdict could not be undone: ${e.message}`);
            return null;
          }
        },
        "Undo verdict",
      );
      // Keep the keyboard where it was: on the same belief when it is still listed.
      const again = body.querySelector(`[data-belief="${CSS.escape(b.belief_id)}"] button`);
      (again || undoButton).focus();
    } catch (e) {
      banner.show(`The verdict was not saved: ${e.message}`);
    } finally {
      busy = false;
    }
  }

  return {
    async show() {
      root.focus({ preventScroll: true });
      await load();
    },
  };
}
