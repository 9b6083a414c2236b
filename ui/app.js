// The shell: the navigation (only views that exist), view switching and global shortcuts.

import { h, replace } from "./dom.js";
import { createToday } from "./today.js";
import { api, listen } from "./api.js";
import { createLockScreen } from "./unlock.js";
import { createWelcome } from "./welcome.js";
import { applyTheme, loadTheme } from "./theme.js";

// The theme the shell named (or this window last showed) at once, then the kept one.
applyTheme();
loadTheme().catch(() => {});
// Marks on the way to the first view, read by `cargo xtask measure`.
performance.mark("app: modules loaded");

const isMac = navigator.platform.toUpperCase().includes("MAC");
const MOD = isMac ? "⌘" : "Ctrl+";

const live = h("p", { class: "visually-hidden", attrs: { "aria-live": "polite", "data-testid": "announce" } });
document.body.append(live);
function announce(text) {
  live.textContent = "";
  // A fresh text node so screen readers read repeated messages too.
  requestAnimationFrame(() => {
    live.textContent = text;
  });
}

const root = document.getElementById("view");
const go = (id, opts) => show(id, opts);
// Each view keeps its shortcut digit (UI.md's order) whichever others exist. Today, the first
// view, comes with the page; every other view's module is loaded when it is first wanted (or
// once the first view is up, while nothing else is going on), so it is not on the path to the
// first input.
/** A view whose module is fetched when first wanted; `make(module)` returns its constructor. */
const later = (path, make) => async () => make(await import(path));
const views = [
  { id: "today", name: "Today", key: 1, load: async () => () => createToday(root, { announce, go }) },
  { id: "journal", name: "Journal", key: 2, load: later("./journal.js", (m) => () => m.createJournal(root, { announce, go })) },
  { id: "insights", name: "Insights", key: 3, load: later("./insights.js", (m) => () => m.createInsights(root, { announce, go })) },
  { id: "realign", name: "Realign", key: 4, load: later("./realign.js", (m) => () => m.createRealign(root, { announce })) },
  { id: "trends", name: "Trends", key: 5, load: later("./trends.js", (m) => () => m.createTrends(root, { announce, go })) },
  { id: "settings", name: "Settings", key: 6, load: later("./settings.js", (m) => () => m.createSettings(root, { announce })) },
];

let current = null;
const navList = document.getElementById("nav-list");
const links = views.map((v) => {
  const a = h(
    "a",
    {
      href: `#${v.id}`,
      class: "nav-item",
      title: `${v.name} (${MOD}${v.key})`,
      attrs: { "data-testid": `nav-${v.id}`, "aria-keyshortcuts": `Control+${v.key}` },
    },
    h("span", { text: v.name }),
    h("kbd", { class: "nav-key", text: `${MOD}${v.key}` }),
  );
  a.addEventListener("click", (e) => {
    e.preventDefault();
    show(v.id);
  });
  return h("li", {}, a);
});
replace(navList, links);

// The latest view asked for: a view whose module is still loading is not shown once another
// has been asked for meanwhile.
let asked = 0;

/** Shows a view; `opts` go to its `show` (e.g. Realign's belief to start a pathway on). */
async function show(id, opts) {
  const view = views.find((v) => v.id === id) || views[0];
  const ask = ++asked;
  const create = view.instance ? null : await view.load();
  if (ask !== asked) return;
  for (const li of navList.children) {
    const a = li.firstChild;
    if (a.getAttribute("href") === `#${view.id}`) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  // Each view keeps its own nodes (and so what was typed in them) while another is shown.
  const left = current && current !== view ? current : null;
  if (left) left.nodes = [...root.childNodes];
  if (view.instance && view !== current) root.replaceChildren(...(view.nodes || []));
  if (!view.instance) {
    root.replaceChildren();
    view.instance = create();
  }
  // A view that draws everything again when shown (Trends) drops its drawing once it is out of
  // the page, so coming back does not put that drawing back only to take it out again.
  if (left?.instance.leave) left.instance.leave();
  current = view;
  history.replaceState(null, "", `#${view.id}`);
  await view.instance.show(opts);
}

document.addEventListener("keydown", (e) => {
  const mod = isMac ? e.metaKey : e.ctrlKey;
  if (mod && !e.altKey && /^Digit[1-9]$/.test(e.code)) {
    const view = views.find((v) => v.key === Number(e.code.slice(5)));
    if (view) {
      e.preventDefault();
      show(view.id);
    }
  }
});

window.addEventListener("focus", () => {
  if (current?.instance.refreshIfNewDay) current.instance.refreshIfNewDay();
});

// A reminder fired. Today shows its prompt ready to answer; when notifications are refused, a
// quiet banner says what the notification would have said.
const banner = h("div", { class: "reminder-banner", attrs: { role: "status", "data-testid": "reminder-banner", hidden: true } });
const bannerTitle = h("strong");
const bannerBody = h("span", { attrs: { "data-testid": "reminder-banner-text" } });
const bannerOpen = h("button", { type: "button", class: "link", text: "Answer in Today" });
const bannerClose = h("button", { type: "button", class: "quiet small", text: "Dismiss" });
banner.append(bannerTitle, " ", bannerBody, bannerOpen, bannerClose);
root.before(banner);
bannerClose.addEventListener("click", () => {
  banner.hidden = true;
});
bannerOpen.addEventListener("click", async () => {
  banner.hidden = true;
  await show("today");
});
listen("reminder-fired", async (fired) => {
  if (fired.banner) {
    bannerTitle.textContent = fired.title;
    bannerBody.textContent = fired.body;
    bannerOpen.textContent = fired.purpose === "checkin" ? "Check in" : "Answer in Today";
    banner.hidden = false;
    announce(`${fired.title}: ${fired.body}`);
  }
  if (current && current.id === "today") await current.instance.refreshIfNewDay();
});
// A click on a reminder's notification: Today, where its prompt waits.
listen("open-prompt", async () => {
  banner.hidden = true;
  await show("today");
});
// The tray's Quick log: Today, with the cursor in the task field.
listen("quick-log", async () => {
  await show("today");
  current.instance.focusLog();
});

// While a demo journal is open the navigation says so, with one click back to the person's own.
const demoBar = h("div", { class: "demo-banner", attrs: { role: "status", "data-testid": "demo-banner", hidden: true } });
const demoBack = h("button", { type: "button", class: "link", attrs: { "data-testid": "demo-close" } }, "Back to my journal");
const demoReminders = h("span", { attrs: { "data-testid": "demo-reminders" } });
demoBar.append(
  h("strong", { text: "Demo journal" }),
  " \u2014 made-up days to explore; your own journal is set aside, untouched. ",
  demoReminders,
  demoBack,
);
navList.after(demoBar);

/** Another journal is open: every view starts afresh on it, at `to`. */
function reopenAt(to) {
  location.hash = `#${to}`;
  location.reload();
}

demoBack.addEventListener("click", async () => {
  try {
    await api.closeDemo();
    reopenAt("today");
  } catch (e) {
    announce(e.message);
  }
});

// The first run: one calm screen in the view's place until the person chooses.
function showWelcome() {
  const w = createWelcome({
    onStart: async () => {
      await api.startJournal();
      await show("today");
    },
    onDemo: async () => {
      await api.openDemo();
      reopenAt("insights");
    },
  });
  current = null;
  for (const li of navList.children) li.firstChild.removeAttribute("aria-current");
  root.replaceChildren(w.el);
  w.focus();
}

/** Opens the app on the journal: the first run's welcome, or the view in the address. */
async function openApp() {
  let state = null;
  try {
    state = await api.journalState();
  } catch {
    // Without it the app opens as usual.
  }
  performance.mark("app: journal state");
  if (state?.demo) {
    // Honest about the person's reminders: they keep coming from their own journal, in words
    // only when it is not encrypted (an encrypted one is locked while the demo is open).
    demoReminders.textContent = state.own_locked
      ? "Your reminders still come, saying only that it is time: your journal is encrypted and locked meanwhile."
      : "Your reminders still come.";
    demoBar.hidden = false;
    document.documentElement.dataset.demo = "true";
  }
  if (state?.welcome) showWelcome();
  else await show((location.hash || "#today").slice(1));
}

// An encrypted journal locks (idle, the tray, Settings): every view's contents are dropped and
// the lock screen takes the window until it is unlocked.
const lockScreen = createLockScreen({
  shell: document.querySelector(".shell"),
  announce,
  onLocked: () => {
    for (const v of views) {
      v.instance = null;
      v.nodes = null;
    }
    current = null;
    root.replaceChildren();
    banner.hidden = true;
  },
  onUnlocked: () => openApp(),
});
listen("journal-locked", async () => {
  if (lockScreen.isShown()) return;
  const status = await api.lockStatus().catch(() => null);
  lockScreen.show(status ? status.journal : "");
});

// The window in use: the idle lock's time starts over (told at most every 10 seconds).
let toldAt = 0;
function inUse() {
  if (lockScreen.isShown() || Date.now() - toldAt < 10000) return;
  toldAt = Date.now();
  api.stillHere().catch(() => {});
}
document.addEventListener("keydown", inUse, true);
document.addEventListener("pointerdown", inUse, true);

/** How long after the first view the other views' modules are fetched. */
const PRELOAD_AFTER_MS = 1500;

async function start() {
  const status = await api.lockStatus().catch(() => null);
  performance.mark("app: lock status");
  try {
    if (status?.locked) lockScreen.show(status.journal);
    else await openApp();
  } finally {
    // The first view answers the keyboard: the shell's background work may start now, and the
    // other views' modules are fetched while nothing else is going on.
    api.windowReady().catch(() => {});
    setTimeout(() => {
      for (const v of views) v.load().catch(() => {});
    }, PRELOAD_AFTER_MS);
  }
}
start();
