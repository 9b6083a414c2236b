// The Settings view: reminders (add, edit, turn on or off, remove, test), quiet hours, your data
// (import, past imports, export; see import-export.js), privacy (encryption, lock, notification
// words; see privacy.js), starting at login, how many daily backups to keep, and About (version,
// licence, where the journal and its backups live, what is kept). Every change is saved at once;
// a refusal is shown next to the field it is about and what was typed stays.

import { api } from "./api.js";
import { h, replace, uid } from "./dom.js";
import { createDataSection } from "./import-export.js";
import { createPrivacySection } from "./privacy.js";
import { DAYS, daysText, field, showError } from "./form.js";
import { currentTheme, setTheme } from "./theme.js";

const PURPOSES = {
  reflection: "Reflection prompt",
  checkin: "Daily check-in",
  pathway: "Pathway step",
};

function timeInput(testid, placeholder) {
  return h("input", {
    type: "text",
    autocomplete: "off",
    spellcheck: false,
    attrs: { "data-testid": testid, placeholder, inputmode: "numeric", maxlength: 5, size: 6 },
  });
}

/** "today 21:00", "tomorrow 07:30", "Thu 21:00", "3 Dec 21:00" — in the local calendar. */
function nextText(iso) {
  if (!iso) return "Off";
  const at = new Date(iso);
  const time = at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
  const day = (d) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const diff = Math.round((day(at) - day(new Date())) / 86400000);
  if (diff === 0) return `Next: today at ${time}`;
  if (diff === 1) return `Next: tomorrow at ${time}`;
  if (diff < 7) return `Next: ${at.toLocaleDateString([], { weekday: "long" })} at ${time}`;
  return `Next: ${at.toLocaleDateString([], { day: "numeric", month: "short" })} at ${time}`;
}

/** "812 KB", "3.4 MB" (powers of 1000, as file managers show them). */
function sizeText(bytes) {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1e6) return `${Math.round(bytes / 1000)} KB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

export function createSettings(root, { announce }) {
  const state = { reminders: [], editing: null, busy: false };

  // --- notifications status and test
  const notice = h("p", { class: "notice", attrs: { "data-testid": "notify-status", hidden: true } });
  const testBtn = h(
    "button",
    { type: "button", class: "quiet small", attrs: { "data-testid": "test-notification" } },
    "Send a test notification",
  );
  const testResult = h("span", { class: "hint", attrs: { "data-testid": "test-result", "aria-live": "polite" } });
  testBtn.addEventListener("click", async () => {
    try {
      const p = await api.testNotification();
      testResult.textContent =
        p === "denied"
          ? "Notifications are turned off for Plumbline, so reminders appear inside the app instead."
          : "Sent. If nothing appeared, check your system's notification settings.";
    } catch (e) {
      testResult.textContent = e.message;
    }
  });

  // --- the list
  const list = h("ul", { class: "reminders", attrs: { "data-testid": "reminder-list" } });
  const empty = h(
    "p",
    { class: "empty", attrs: { "data-testid": "reminders-empty" } },
    "No reminders yet. Add one below — an evening reflection is a good start.",
  );
  const listError = h("p", { class: "form-error", attrs: { role: "alert", "data-testid": "reminders-error", hidden: true } });

  function row(r) {
    const toggle = h("input", {
      type: "checkbox",
      checked: r.enabled,
      attrs: { "data-testid": "reminder-enabled", "aria-label": `Reminder at ${r.at} on` },
    });
    toggle.addEventListener("change", async () => {
      try {
        await api.setReminderEnabled(r.id, toggle.checked);
        announce(toggle.checked ? `Reminder at ${r.at} on.` : `Reminder at ${r.at} off.`);
        await load();
      } catch (e) {
        toggle.checked = !toggle.checked;
        listError.textContent = e.message;
        listError.hidden = false;
      }
    });
    const edit = h("button", { type: "button", class: "quiet small", attrs: { "data-testid": "reminder-edit" } }, "Edit");
    edit.addEventListener("click", () => startEdit(r));
    const remove = h("button", { type: "button", class: "quiet small", attrs: { "data-testid": "reminder-remove" } }, "Remove");
    remove.addEventListener("click", async () => {
      try {
        await api.removeReminder(r.id);
        if (state.editing && state.editing.id === r.id) stopEdit();
        announce(`Reminder at ${r.at} removed.`);
        await load();
      } catch (e) {
        listError.textContent = e.message;
        listError.hidden = false;
      }
    });
    return h(
      "li",
      { class: `reminder${r.enabled ? "" : " off"}`, attrs: { "data-testid": "reminder", "data-id": r.id } },
      h("span", { class: "reminder-time", text: r.at, attrs: { "data-testid": "reminder-time" } }),
      h(
        "div",
        { class: "reminder-body" },
        h("p", { class: "reminder-what", text: `${PURPOSES[r.purpose] || r.purpose} · ${daysText(r.days)}` }),
        h("p", { class: "reminder-next", text: r.enabled ? nextText(r.next) : "Off", attrs: { "data-testid": "reminder-next" } }),
      ),
      h("label", { class: "check" }, toggle, h("span", { text: "On" })),
      h("span", { class: "row-actions" }, edit, remove),
    );
  }

  // --- the add / edit form
  const at = timeInput("reminder-at", "21:00");
  const atF = field("Time", at, { class: "narrow", errorTestid: "error-reminder-at" });
  const dayBoxes = DAYS.map(([key, label]) => {
    const box = h("input", { type: "checkbox", value: key, checked: true, attrs: { "data-testid": `day-${key}` } });
    return { key, box, el: h("label", { class: "weekday" }, box, h("span", { text: label })) };
  });
  const daysGroup = h(
    "div",
    { class: "days", attrs: { role: "group", "aria-label": "Days" } },
    dayBoxes.map((d) => d.el),
  );
  const daysError = h("p", { class: "field-error", attrs: { role: "alert", "data-testid": "error-reminder-days", hidden: true } });
  const daysWrap = h("div", { class: "field" }, h("span", { class: "field-label", text: "Days" }), daysGroup, daysError);
  const purpose = h(
    "select",
    { attrs: { "data-testid": "reminder-purpose" } },
    h("option", { value: "reflection", text: PURPOSES.reflection }),
    h("option", { value: "checkin", text: PURPOSES.checkin }),
  );
  const purposeF = field("For", purpose, { class: "purpose", errorTestid: "error-reminder-purpose" });
  const formError = h("p", { class: "form-error", attrs: { role: "alert", "data-testid": "reminder-error", hidden: true } });
  const submit = h("button", { type: "submit", class: "primary", attrs: { "data-testid": "reminder-save" } }, "Add reminder");
  const cancel = h("button", { type: "button", class: "quiet", attrs: { "data-testid": "reminder-cancel", hidden: true } }, "Cancel");
  const formTitle = h("h3", { text: "New reminder" });
  const form = h(
    "form",
    { class: "reminder-form", noValidate: true, attrs: { "data-testid": "reminder-form", "aria-label": "Reminder" } },
    formTitle,
    h("div", { class: "row" }, atF.wrap, purposeF.wrap, daysWrap),
    formError,
    h("div", { class: "actions" }, submit, cancel),
  );

  function clearErrors() {
    showError(atF, null);
    showError(purposeF, null);
    daysError.hidden = true;
    formError.hidden = true;
  }

  function startEdit(r) {
    state.editing = r;
    clearErrors();
    at.value = r.at;
    for (const d of dayBoxes) d.box.checked = r.days.includes(d.key);
    if (r.purpose === "pathway" && !purpose.querySelector("option[value=pathway]")) {
      purpose.append(h("option", { value: "pathway", text: PURPOSES.pathway }));
    }
    purpose.value = r.purpose;
    formTitle.textContent = `Change the ${r.at} reminder`;
    submit.textContent = "Save changes";
    cancel.hidden = false;
    form.classList.add("editing");
    at.focus();
    at.select();
  }

  function stopEdit() {
    state.editing = null;
    clearErrors();
    at.value = "";
    for (const d of dayBoxes) d.box.checked = true;
    const pw = purpose.querySelector("option[value=pathway]");
    if (pw) pw.remove();
    purpose.value = "reflection";
    formTitle.textContent = "New reminder";
    submit.textContent = "Add reminder";
    cancel.hidden = true;
    form.classList.remove("editing");
  }
  cancel.addEventListener("click", stopEdit);
  form.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && state.editing) {
      e.preventDefault();
      stopEdit();
    }
  });

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (state.busy) return;
    clearErrors();
    const input = {
      at: at.value.trim(),
      days: dayBoxes.filter((d) => d.box.checked).map((d) => d.key),
      purpose: purpose.value,
      pathway_id: state.editing ? state.editing.pathway_id : null,
    };
    if (!input.at) {
      showError(atF, "Give a time, like 21:00.");
      at.focus();
      return;
    }
    state.busy = true;
    try {
      const saved = state.editing ? await api.updateReminder(state.editing.id, input) : await api.addReminder(input);
      announce(`Reminder at ${saved.at} saved. ${nextText(saved.next)}.`);
      stopEdit();
      await load();
    } catch (err) {
      if (err.field === "at") {
        showError(atF, err.message);
        at.focus();
      } else if (err.field === "days") {
        daysError.textContent = err.message;
        daysError.hidden = false;
      } else if (err.field === "purpose") showError(purposeF, err.message);
      else {
        formError.textContent = err.message;
        formError.hidden = false;
      }
    } finally {
      state.busy = false;
    }
  });

  const remindersSection = h(
    "section",
    { class: "block", attrs: { "aria-label": "Reminders", "data-testid": "settings-reminders" } },
    h("h2", { text: "Reminders" }),
    notice,
    list,
    empty,
    listError,
    h("div", { class: "actions test-row" }, testBtn, testResult),
    form,
  );

  // --- quiet hours, pause
  const quietOn = h("input", { type: "checkbox", attrs: { "data-testid": "quiet-on" } });
  const qStart = timeInput("quiet-start", "22:00");
  const qEnd = timeInput("quiet-end", "07:00");
  const qStartF = field("From", qStart, { class: "narrow" });
  const qEndF = field("To", qEnd, { class: "narrow" });
  const qSave = h("button", { type: "submit", class: "quiet", attrs: { "data-testid": "quiet-save" } }, "Save quiet hours");
  const qSaved = h("span", { class: "hint", attrs: { "aria-live": "polite" } });
  const quietForm = h(
    "form",
    { class: "quiet-form", noValidate: true, attrs: { "aria-label": "Quiet hours" } },
    h("label", { class: "check" }, quietOn, h("span", { text: "Quiet hours — no reminders between" })),
    h("div", { class: "row" }, qStartF.wrap, qEndF.wrap, h("div", { class: "actions inline" }, qSave, qSaved)),
  );
  function quietInputs() {
    qStart.disabled = qEnd.disabled = !quietOn.checked;
  }
  quietOn.addEventListener("change", async () => {
    quietInputs();
    if (!quietOn.checked) await saveQuiet();
    else qStart.focus();
  });
  async function saveQuiet() {
    showError(qStartF, null);
    showError(qEndF, null);
    qSaved.textContent = "";
    try {
      const q = quietOn.checked ? { start: qStart.value.trim(), end: qEnd.value.trim() } : null;
      await api.setQuietHours(q);
      qSaved.textContent = q ? "Saved." : "Quiet hours off.";
      await load();
    } catch (e) {
      showError(e.field === "quiet_end" ? qEndF : qStartF, e.message);
    }
  }
  quietForm.addEventListener("submit", (e) => {
    e.preventDefault();
    saveQuiet();
  });

  const pause = h("input", { type: "checkbox", attrs: { "data-testid": "pause-today" } });
  pause.addEventListener("change", async () => {
    await api.pauseRemindersToday(pause.checked);
    announce(pause.checked ? "Reminders paused for the rest of today." : "Reminders back on.");
  });

  const quietSection = h(
    "section",
    { class: "block", attrs: { "aria-label": "When reminders may come" } },
    h("h2", { text: "Quiet time" }),
    quietForm,
    h("label", { class: "check spaced" }, pause, h("span", { text: "Pause reminders for the rest of today" })),
  );

  // --- app: start at login, backups
  const autostart = h("input", { type: "checkbox", attrs: { "data-testid": "autostart" } });
  const autostartNote = h("span", { class: "hint", attrs: { "aria-live": "polite" } });
  autostart.addEventListener("change", async () => {
    try {
      await api.setAutostart(autostart.checked);
      autostartNote.textContent = "";
    } catch (e) {
      autostart.checked = !autostart.checked;
      autostartNote.textContent = e.message;
    }
  });
  const keep = h("input", { type: "text", attrs: { "data-testid": "backup-keep", inputmode: "numeric", maxlength: 3, size: 4 } });
  const keepF = field("Daily backups to keep", keep, { class: "keep" });
  const keepSaved = h("span", { class: "hint", attrs: { "aria-live": "polite" } });
  const keepForm = h(
    "form",
    { noValidate: true, attrs: { "aria-label": "Backups" } },
    h(
      "div",
      { class: "row" },
      keepF.wrap,
      h(
        "div",
        { class: "actions inline" },
        h("button", { type: "submit", class: "quiet", attrs: { "data-testid": "backup-keep-save" } }, "Save backup count"),
        keepSaved,
      ),
    ),
    h("p", { class: "hint", text: "One copy of the journal a day, in a backups folder beside it; the oldest go first." }),
  );
  keepForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    showError(keepF, null);
    keepSaved.textContent = "";
    const n = Number(keep.value.trim());
    if (!Number.isInteger(n)) {
      showError(keepF, "Give a whole number from 1 to 365.");
      return;
    }
    try {
      await api.setBackupKeep(n);
      keepSaved.textContent = "Saved.";
    } catch (err) {
      showError(keepF, err.message);
    }
  });

  // Theme: the system's, or always light or dark. An app preference the core keeps (the same
  // for the demo journal), applied before the first view is drawn (theme.js).
  const themeSelect = h(
    "select",
    { id: uid("theme"), attrs: { "data-testid": "theme" } },
    [
      ["system", "Same as the system"],
      ["light", "Light"],
      ["dark", "Dark"],
    ].map(([value, label]) => h("option", { value, text: label })),
  );
  themeSelect.value = currentTheme();
  themeSelect.addEventListener("change", async () => {
    const chosen = themeSelect.value;
    try {
      await setTheme(chosen);
      announce(chosen === "system" ? "The theme follows the system." : `The theme is ${chosen}.`);
    } catch (e) {
      announce(`The theme is shown but could not be kept: ${e.message}`);
    }
  });

  const appSection = h(
    "section",
    { class: "block", attrs: { "aria-label": "App" } },
    h("h2", { text: "App" }),
    h(
      "div",
      { class: "field theme-field" },
      h("label", { class: "field-label", text: "Theme", attrs: { for: themeSelect.id } }),
      themeSelect,
    ),
    h("label", { class: "check" }, autostart, h("span", { text: "Start Plumbline when I log in" }), autostartNote),
    h("p", { class: "hint", text: "Closing the window keeps Plumbline in the tray so reminders still come; Quit is in the tray menu." }),
    keepForm,
  );

  // --- about: version, licence, where everything lives and what is kept
  const aboutVersion = h("p", { attrs: { "data-testid": "about-version" } });
  const aboutKept = h("dl", { class: "about-kept", attrs: { "data-testid": "about-kept" } });
  const aboutNote = h("p", { class: "hint", attrs: { "aria-live": "polite", "data-testid": "about-note" } });
  function openButton(which) {
    const b = h("button", { type: "button", class: "quiet small", attrs: { "data-testid": `open-${which}-folder` } }, "Open folder");
    b.addEventListener("click", async () => {
      aboutNote.textContent = "";
      try {
        await api.openFolder(which);
      } catch (e) {
        aboutNote.textContent = e.message;
      }
    });
    return b;
  }
  const openJournal = openButton("journal");
  const openBackups = openButton("backups");
  const aboutSection = h(
    "section",
    { class: "block", attrs: { "aria-label": "About", "data-testid": "settings-about" } },
    h("h2", { text: "About" }),
    aboutVersion,
    aboutKept,
    aboutNote,
  );
  function renderAbout(a) {
    aboutVersion.textContent = `Plumbline ${a.version} · ${a.license} licence`;
    replace(
      aboutKept,
      a.kept.flatMap((k) => {
        const dd = h("dd", {}, h("span", { text: k.detail }));
        if (k.place) dd.append(h("code", { class: "about-place", text: k.place }));
        if (k.bytes != null) dd.append(h("span", { class: "hint", text: ` ${sizeText(k.bytes)}` }));
        if (k.place && k.place === a.journal) dd.append(" ", openJournal);
        if (k.place && k.place === a.backups_dir) dd.append(" ", openBackups);
        return [h("dt", { text: k.what }), dd];
      }),
    );
  }

  const data = createDataSection({ announce });
  const privacy = createPrivacySection({ announce });

  const header = h("header", { class: "today-head" }, h("h1", { class: "date", text: "Settings" }));
  const page = h(
    "div",
    { class: "settings", attrs: { "data-testid": "settings" } },
    header,
    remindersSection,
    quietSection,
    data.section,
    privacy.section,
    appSection,
    aboutSection,
  );
  replace(root, page);

  async function load() {
    try {
      const [reminders, settings] = await Promise.all([api.listReminders(), api.reminderSettings()]);
      state.reminders = reminders;
      listError.hidden = true;
      replace(list, reminders.map(row));
      empty.hidden = reminders.length > 0;
      list.hidden = reminders.length === 0;
      if (settings.notifications === "denied") {
        notice.textContent =
          "Notifications are turned off for Plumbline in your system settings. Reminders will show inside the app while it is open; turn notifications on to get them when it is not.";
        notice.hidden = false;
      } else notice.hidden = true;
      if (document.activeElement !== qStart && document.activeElement !== qEnd) {
        quietOn.checked = !!settings.quiet_hours;
        qStart.value = settings.quiet_hours ? settings.quiet_hours.start : "";
        qEnd.value = settings.quiet_hours ? settings.quiet_hours.end : "";
        quietInputs();
      }
      pause.checked = settings.paused_today;
      if (document.activeElement !== keep) keep.value = String(settings.backup_keep);
      root.dataset.ready = "true";
    } catch (e) {
      listError.textContent = `Settings could not be loaded: ${e.message}`;
      listError.hidden = false;
    }
    try {
      autostart.checked = await api.autostartEnabled();
    } catch (e) {
      autostartNote.textContent = e.message;
    }
    try {
      await privacy.load();
    } catch (e) {
      listError.textContent = `Privacy settings could not be read: ${e.message}`;
      listError.hidden = false;
    }
    try {
      renderAbout(await api.about());
    } catch (e) {
      aboutNote.textContent = `About could not be read: ${e.message}`;
    }
    try {
      await data.load();
    } catch (e) {
      listError.textContent = `Past imports could not be read: ${e.message}`;
      listError.hidden = false;
    }
  }

  return {
    async show() {
      await load();
      // The keyboard goes to the first control, but the view opens at its title.
      (state.reminders.length ? list.querySelector("input") : at).focus({ preventScroll: true });
      root.scrollTop = 0;
      page.dataset.ready = "true";
    },
    async refreshIfNewDay() {
      await load();
    },
  };
}
