// The theme: "system" (follow prefers-color-scheme), "light" or "dark". Stored in this window's
// local storage; `data-theme` on <html> switches the CSS tokens.

const KEY = "plumbline.theme";
const THEMES = ["system", "light", "dark"];

export function currentTheme() {
  try {
    const t = localStorage.getItem(KEY);
    return THEMES.includes(t) ? t : "system";
  } catch {
    return "system";
  }
}

export function applyTheme(theme = currentTheme()) {
  if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
}

export function setTheme(theme) {
  const t = THEMES.includes(theme) ? theme : "system";
  try {
    if (t === "system") localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, t);
  } catch {
    // Without storage the choice lasts until the window closes.
  }
  applyTheme(t);
}
