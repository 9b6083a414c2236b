// Chart builders: SVG elements made with createElementNS, the figure around a chart and its
// table of numbers; text always through textContent. Nothing here parses a string as markup.

import { detailsLater, h } from "./dom.js";

const NS = "http://www.w3.org/2000/svg";

/**
 * s("line", { x1: 0, class: "grid" }, child…): an SVG element with attributes set one by one.
 * Children may be nodes, strings (text nodes), arrays, or null/false (skipped).
 */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [name, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    el.setAttribute(name, String(v));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** A <title> child: the tooltip on hover and the element's accessible name. */
export function title(text) {
  return s("title", {}, text);
}

/** Rounds a coordinate to one decimal, so paths stay short. */
export function r1(x) {
  return Math.round(x * 10) / 10;
}

/** A chart with its heading, its text summary and its numbers (`numbers()` builds the table
 * when they are first opened). */
export function figure(testid, heading, body, summary, numbers) {
  return h(
    "figure",
    { class: "chart", attrs: { "data-testid": testid } },
    h("h2", { text: heading }),
    body,
    h("figcaption", { class: "chart-summary", text: summary }),
    detailsLater({ class: "numbers" }, "Numbers behind this chart", numbers),
  );
}

export function table(head, rows) {
  return h(
    "table",
    {},
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        head.map((c) => h("th", { attrs: { scope: "col" }, text: c })),
      ),
    ),
    h(
      "tbody",
      {},
      rows.map((r) =>
        h(
          "tr",
          {},
          r.map((c, i) => (i === 0 ? h("th", { attrs: { scope: "row" }, text: c }) : h("td", { text: c }))),
        ),
      ),
    ),
  );
}
