// The shell: the navigation (only views that exist), view switching and global shortcuts.

import { h, replace } from "./dom.js";
import { createToday } from "./today.js";
import { createJournal } from "./journal.js";
import { createInsights } from "./insights.js";
import { createRealign } from "./realign.js";
import { createTrends } from "./trends.js";
import { createSettings } from "./settings.js";
import { api, listen } from "./api.js";
import { createLockScreen } from "./unlock.js";
import { createWelcome } from "./welcome.js";
import { applyTheme, loadTheme } from "./theme.js";

// The theme the shell named (or this window last showed) at once, then the kept one.
applyTheme();
loadTheme().catch(() => {});

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
// Each view keeps its shortcut digit (UI.md's order) whichever others exist.
const views = [
  { id: "today", name: "Today", key: 1, create: () => createToday(root, { announce, go: (id, opts) => show(id, opts) }) },
  { id: "journal", name: "Journal", key: 2, create: () => createJournal(root, { announce, go: (id, opts) => show(id, opts) }) },
  { id: "insights", name: "Insights", key: 3, create: () => createInsights(root, { announce, go: (id, opts) => show(id, opts) }) },
  { id: "realign", name: "Realign", key: 4, create: () => createRealign(root, { announce }) },
  { id: "trends", name: "Trends", key: 5, create: () => createTrends(root, { announce, go: (id, opts) => show(id, opts) }) },
  { id: "settings", name: "Settings", key: 6, create: () => createSettings(root, { announce }) },
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

/** Shows a view; `opts` go to its `show` (e.g. Realign's belief to start a pathway on). */
async function show(id, opts) {
  const view = views.find((v) => v.id === id) || views[0];
  for (const li of navList.children) {
    const a = li.firstChild;
    if (a.getAttribute("href") === `#${view.id}`) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  // Each view keeps its own nodes (and so what was typed in them) while another is shown.
  if (current && current !== view) current.nodes = [...root.childNodes];
  if (view.instance && view !== current) root.replaceChildren(...(view.nodes || []));
  if (!view.instance) {
    root.replaceChildren();
    view.instance = view.create();
  }
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

async function start() {
  const status = await api.lockStatus().catch(() => null);
  if (status?.locked) lockScreen.show(status.journal);
  else await openApp();
}
start();
