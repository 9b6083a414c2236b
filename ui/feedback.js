// Feedback every view gives the same way: an undo bar that offers to take back what was just
// done for a few seconds, and an error banner for what could not be loaded or saved.

import { h, replace } from "./dom.js";

/** How long an undo bar stays. */
export const UNDO_SECONDS = 8;

/**
 * An undo bar (`el`, hidden until used). `show(text, onUndo)` shows `text` with an Undo button
 * for UNDO_SECONDS and returns the button; a click hides the bar and calls `onUndo`;
 * `showDeleted` is that for a delete. `error`
 * shows a message in the bar instead; `hide` hides it.
 */
export function undoBar({ testid, buttonTestid }) {
  const el = h("div", { class: "undo", attrs: { role: "status", "data-testid": testid, hidden: true } });
  let timer = null;
  function hide() {
    clearTimeout(timer);
    timer = null;
    el.hidden = true;
    replace(el);
  }
  /**
   * Shows `text` with an Undo button saying what it undoes (`label`). `onUndo` may resolve to
   * the element the keyboard should land on afterwards; without one, the view keeps it, so
   * focus never falls to the page body.
   */
  function show(text, onUndo, label = "Undo") {
    hide();
    const button = h("button", { type: "button", class: "link", attrs: { "data-testid": buttonTestid } }, label);
    button.addEventListener("click", async () => {
      const view = document.getElementById("view");
      // Hold the keyboard in the view while the button goes away and the undo runs.
      if (view) view.focus({ preventScroll: true });
      hide();
      const target = await onUndo();
      if (target instanceof HTMLElement && target.isConnected) target.focus();
      else if (view && (document.activeElement === document.body || !document.activeElement)) view.focus({ preventScroll: true });
    });
    replace(el, h("span", { text }), button);
    el.hidden = false;
    timer = setTimeout(hide, UNDO_SECONDS * 1000);
    return button;
  }
  /**
   * After a delete: "Deleted {what}." with an "Undo delete" button (returned). Undo runs
   * `restore()`, which puts the record back and resolves to the element the keyboard goes to,
   * then says "Restored {what}." through `announce`; a refused undo is shown in the bar.
   */
  function showDeleted(what, restore, announce) {
    return show(
      `Deleted ${what}.`,
      async () => {
        try {
          const target = await restore();
          announce(`Restored ${what}.`);
          return target;
        } catch (e) {
          error(e.message);
          return null;
        }
      },
      "Undo delete",
    );
  }
  function error(message) {
    hide();
    replace(el, h("span", { class: "error-text", text: message }));
    el.hidden = false;
  }
  return { el, show, showDeleted, error, hide };
}

/** An error banner (`el`, hidden until `show(message)`; `hide` hides it again). */
export function errorBanner(testid) {
  const el = h("p", { class: "form-error banner", attrs: { role: "alert", "data-testid": testid, hidden: true } });
  return {
    el,
    show(message) {
      el.textContent = message;
      el.hidden = false;
    },
    hide() {
      el.hidden = true;
    },
  };
}
