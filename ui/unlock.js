// The unlock screen of an encrypted journal: shown at launch while it is locked and whenever
// it locks (idle, the tray's "Lock now", or the button in Settings). While it shows, the rest
// of the window is inert and the views' contents have been dropped; nothing of the journal is
// on screen. A passphrase or the recovery key unlocks.

import { api } from "./api.js";
import { h } from "./dom.js";

/**
 * Creates the lock screen (hidden). `onLocked` runs when the journal locks (drop every view's
 * contents), `onUnlocked` after a successful unlock.
 */
export function createLockScreen({ shell, onLocked, onUnlocked, announce }) {
  const input = h("input", {
    type: "password",
    autocomplete: "current-password",
    spellcheck: false,
    attrs: { "data-testid": "unlock-passphrase", "aria-describedby": "unlock-error unlock-hint", id: "unlock-passphrase" },
  });
  const label = h("label", { attrs: { for: "unlock-passphrase" }, text: "Passphrase or recovery key" });
  const error = h("p", { class: "form-error", attrs: { id: "unlock-error", role: "alert", "data-testid": "unlock-error" } });
  const file = h("p", { class: "hint", attrs: { id: "unlock-hint", "data-testid": "unlock-journal" } });
  const remember = h("input", { type: "checkbox", attrs: { "data-testid": "unlock-remember" } });
  const rememberRow = h(
    "label",
    { class: "check" },
    remember,
    h("span", { text: "Remember on this device (in the system keyring; the next start opens without asking)" }),
  );
  const button = h("button", { type: "submit", attrs: { "data-testid": "unlock-submit" } }, "Unlock");
  const note = h("p", { class: "unlock-note", attrs: { role: "status", "data-testid": "unlock-note", hidden: true } });
  document.body.append(note);
  document.addEventListener("pointerdown", () => {
    note.hidden = true;
  });
  const form = h(
    "form",
    { class: "lock-form" },
    h("h1", { text: "Your journal is locked" }),
    file,
    label,
    input,
    error,
    rememberRow,
    button,
  );
  const screen = h("div", { class: "lock-screen", attrs: { "data-testid": "lock-screen", hidden: true } }, form);
  document.body.append(screen);
  let busy = false;

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (busy) return;
    if (!input.value) {
      error.textContent = "Type your passphrase or recovery key.";
      input.focus();
      return;
    }
    busy = true;
    button.disabled = true;
    error.textContent = "";
    try {
      const status = await api.unlock(input.value, remember.checked);
      input.value = "";
      hide();
      note.textContent = status.note || "";
      note.hidden = !status.note;
      announce(status.note ? `Journal unlocked. ${status.note}` : "Journal unlocked.");
      await onUnlocked();
    } catch (err) {
      error.textContent = err.message;
      input.select();
    } finally {
      busy = false;
      button.disabled = false;
    }
  });

  function hide() {
    screen.hidden = true;
    shell.inert = false;
    shell.hidden = false;
  }

  /** Shows the screen for the journal `journal` (its file, to name it). */
  function show(journal) {
    onLocked();
    file.textContent = journal ? `The journal at ${journal} is encrypted.` : "";
    shell.inert = true;
    shell.hidden = true;
    screen.hidden = false;
    error.textContent = "";
    input.value = "";
    input.focus();
  }

  return { show, hide, isShown: () => !screen.hidden };
}
