// The theme: "system" (follow prefers-color-scheme), "light" or "dark". An app preference kept
// by the core (beside the journal, see app::preferences), not by this window. The shell names
// the kept theme before the page's scripts run (window.__PLUMBLINE_THEME__), so the first paint
// already has it; `data-theme` on <html> switches the CSS tokens.

import { api } from "./api.js";

const THEMES = ["system", "light", "dark"];
// Where older versions kept the choice, in the window's own storage: carried over once.
const OLD_KEY = "plumbline.theme";
// What this window last applied, so a reload (switching journals) paints it at once too.
const SHOWN_KEY = "plumbline.theme.shown";

function valid(t) {
  return THEMES.includes(t) ? t : null;
}

function shown() {
  try {
    return valid(sessionStorage.getItem(SHOWN_KEY));
  } catch {
    return null;
  }
}

/** The theme to paint now, without waiting for the core. */
export function currentTheme() {
  return shown() || valid(window.__PLUMBLINE_THEME__) || "system";
}

export function applyTheme(theme = currentTheme()) {
  const t = valid(theme) || "system";
  if (t === "light" || t === "dark") document.documentElement.dataset.theme = t;
  else delete document.documentElement.dataset.theme;
  try {
    sessionStorage.setItem(SHOWN_KEY, t);
  } catch {
    // Without storage a reload paints the theme the shell named.
  }
}

/**
 * Asks the core for the kept theme and applies it (carrying over, once, a choice an older
 * version kept in this window's storage). Resolves to the theme.
 */
export async function loadTheme() {
  let old = null;
  try {
    old = localStorage.getItem(OLD_KEY);
  } catch {
    // No storage: nothing to carry over.
  }
  const prefs = old !== null ? await api.carryOverTheme(old) : await api.preferences();
  if (old !== null) {
    try {
      localStorage.removeItem(OLD_KEY);
    } catch {
      // Carried over already; a second carry-over changes nothing.
    }
  }
  const t = valid(prefs.theme) || "system";
  applyTheme(t);
  return t;
}

/** Applies `theme` at once and keeps it as the app's preference (rejects when it cannot). */
export async function setTheme(theme) {
  const t = valid(theme) || "system";
  applyTheme(t);
  await api.setTheme(t);
}
