// Element builders. Text always goes in through textContent or text nodes: nothing here ever
// parses a string as HTML, so a person's words can never become markup.

/**
 * h("p", { class: "muted", text: "hello", attrs: { "data-testid": "x" }, on: { click } }, child…)
 * Children may be nodes, strings (added as text nodes), arrays, or null/false (skipped).
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  const p = props || {};
  for (const [key, value] of Object.entries(p)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = String(value);
    else if (key === "attrs") {
      for (const [name, v] of Object.entries(value)) {
        if (v === undefined || v === null || v === false) continue;
        el.setAttribute(name, v === true ? "" : String(v));
      }
    } else if (key === "on") {
      for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    } else if (key === "testid") el.dataset.testid = value;
    else el[key] = value;
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces all children of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/**
 * A closed <details> whose contents `make()` builds when it is first opened (a click, Enter or
 * Space on its summary, or `open` set), so what a person has not asked to see costs nothing to
 * draw: "Numbers behind this chart" under every chart.
 */
export function detailsLater(props, summaryText, make) {
  const summary = h("summary", { text: summaryText });
  const details = h("details", props, summary);
  let made = false;
  const fill = () => {
    if (made) return;
    made = true;
    append(details, [make()]);
  };
  // The summary's click comes before the details opens, so it opens with its contents.
  summary.addEventListener("click", fill);
  details.addEventListener("toggle", fill);
  return details;
}

/** A unique id for label/field pairs. */
let counter = 0;
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/**
 * Draws what is out of view after the window has shown what is in view: `steps` run one per
 * task, the first once the next frame has been painted, so a view switch paints the part a
 * person sees first and the rest follows a few frames later (a step or two of a few
 * milliseconds each). `done()` runs after the last step. The returned function cancels the
 * steps not yet run (a newer drawing of the same view replaces them).
 */
export function drawLater(steps, done) {
  const queue = [...steps];
  let cancelled = false;
  const next = () => {
    if (cancelled) return;
    const step = queue.shift();
    if (!step) {
      if (done) done();
      return;
    }
    step();
    setTimeout(next, 0);
  };
  requestAnimationFrame(() => setTimeout(next, 0));
  return () => {
    cancelled = true;
  };
}
