// The shell: the navigation (only views that exist), view switching and global shortcuts.

import { h, replace } from "./dom.js";
import { createToday } from "./today.js";

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
const views = [
  { id: "today", name: "Today", create: () => createToday(root, { announce }) },
];

let current = null;
const navList = document.getElementById("nav-list");
const links = views.map((v, i) => {
  const a = h(
    "a",
    {
      href: `#${v.id}`,
      class: "nav-item",
      title: `${v.name} (${MOD}${i + 1})`,
      attrs: { "data-testid": `nav-${v.id}`, "aria-keyshortcuts": `Control+${i + 1}` },
    },
    h("span", { text: v.name }),
    h("kbd", { class: "nav-key", text: `${MOD}${i + 1}` }),
  );
  a.addEventListener("click", (e) => {
    e.preventDefault();
    show(v.id);
  });
  return h("li", {}, a);
});
replace(navList, links);

async function show(id) {
  const view = views.find((v) => v.id === id) || views[0];
  for (const li of navList.children) {
    const a = li.firstChild;
    if (a.getAttribute("href") === `#${view.id}`) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  if (!view.instance) view.instance = view.create();
  current = view;
  await view.instance.show();
}

document.addEventListener("keydown", (e) => {
  const mod = isMac ? e.metaKey : e.ctrlKey;
  if (mod && !e.altKey && /^Digit[1-9]$/.test(e.code)) {
    const i = Number(e.code.slice(5)) - 1;
    if (views[i]) {
      e.preventDefault();
      show(views[i].id);
    }
  }
});

window.addEventListener("focus", () => {
  if (current && current.instance.refreshIfNewDay) current.instance.refreshIfNewDay();
});

show((location.hash || "#today").slice(1));
