// The only module that talks to the Rust side. Every call resolves with the command's value or
// rejects with an ApiError carrying a plain sentence and, when it is about one, the form field.

const core = window.__TAURI__?.core;

export class ApiError extends Error {
  constructor(message, field) {
    super(message);
    this.name = "ApiError";
    this.field = field || null;
  }
}

async function call(cmd, args) {
  if (!core) {
    throw new ApiError("Plumbline's window lost its connection to the journal; restart the app.", null);
  }
  try {
    return await core.invoke(cmd, args || {});
  } catch (e) {
    if (e && typeof e === "object" && typeof e.message === "string") {
      throw new ApiError(e.message, e.field);
    }
    throw new ApiError(String(e), null);
  }
}

export const api = {
  today: (date) => call("today", { date: date || null }),
  logEvent: (input) => call("log_event", { input }),
  eventFormProblems: (input) => call("event_form_problems", { input }),
  editEvent: (id, input) => call("edit_event", { id, input }),
  deleteEvent: (id) => call("delete_event", { id }),
  undoDelete: (event) => call("undo_delete", { event }),
  saveCheckin: (checkin) => call("save_checkin", { checkin }),
  addReflection: (input) => call("add_reflection", { input }),
  suggestions: (what, prefix) => call("suggestions", { what, prefix }),
  journal: (before, days) => call("journal", { before: before || null, days: days || null }),
  searchJournal: (words, filters = {}) => call("search_journal", { words, filters }),
  deleteCheckin: (date) => call("delete_checkin", { date }),
  undoDeleteCheckin: (checkin) => call("undo_delete_checkin", { checkin }),
  preferences: () => call("preferences"),
  setTheme: (theme) => call("set_theme", { theme }),
  carryOverTheme: (theme) => call("carry_over_theme", { theme }),
  editReflection: (id, input) => call("edit_reflection", { id, input }),
  reflectionEditProblems: (id, input) => call("reflection_edit_problems", { id, input }),
  deleteReflection: (id) => call("delete_reflection", { id }),
  undoDeleteReflection: (reflection) => call("undo_delete_reflection", { reflection }),
  insights: () => call("insights"),
  setVerdict: (beliefId, verdict) => call("set_verdict", { beliefId, verdict: verdict || null }),
  eventsBehind: (patternId, beliefId) => call("events_behind", { patternId, beliefId }),
  // Only the weeks the range draws (`range` as for daysPicture; none: every week).
  trends: (range) => call("trends", { range: range || null }),
  daysPicture: (range) => call("days_picture", { range: range || null }),
  journalState: () => call("journal_state"),
  startJournal: () => call("start_journal"),
  openDemo: () => call("open_demo"),
  closeDemo: () => call("close_demo"),
  realign: () => call("realign"),
  savePathway: (id, input) => call("save_pathway", { id: id || null, input }),
  removePathway: (id) => call("remove_pathway", { id }),
  restorePathway: (pathway, reminders) => call("restore_pathway", { pathway, reminders }),
  // `source` is { handle } for a file chosen in the system's chooser, else { path } as typed.
  previewImport: (source, skipInvalid) => call("preview_import", { ...source, skipInvalid }),
  // `onReading(done, total)` hears how far reading the imported words has come.
  importFile: (source, skipInvalid, onReading) => {
    const progress = core ? new core.Channel() : null;
    if (progress) progress.onmessage = (m) => onReading?.(m.done, m.total);
    return call("import_file", { ...source, skipInvalid, progress });
  },
  listImports: () => call("list_imports"),
  undoImport: (id) => call("undo_import", { id }),
  // Asks where to save and writes there in one command; null when the person cancels.
  exportJournal: (format) => call("export_journal", { format }),
  chooseImportFile: () => call("choose_import_file"),
  listReminders: () => call("list_reminders"),
  addReminder: (input) => call("add_reminder", { input }),
  updateReminder: (id, input) => call("update_reminder", { id, input }),
  setReminderEnabled: (id, enabled) => call("set_reminder_enabled", { id, enabled }),
  removeReminder: (id) => call("remove_reminder", { id }),
  reminderSettings: () => call("reminder_settings"),
  setQuietHours: (quiet) => call("set_quiet_hours", { quiet }),
  setBackupKeep: (keep) => call("set_backup_keep", { keep }),
  pauseRemindersToday: (paused) => call("pause_reminders_today", { paused }),
  pendingPrompt: () => call("pending_prompt"),
  testNotification: () => call("test_notification"),
  autostartEnabled: () => call("autostart_enabled"),
  setAutostart: (enabled) => call("set_autostart", { enabled }),
  lockStatus: () => call("lock_status"),
  unlock: (passphrase, remember) => call("unlock", { passphrase, remember: !!remember }),
  lockNow: () => call("lock_now"),
  stillHere: () => call("still_here"),
  windowReady: () => call("window_ready"),
  setLockAfter: (minutes) => call("set_lock_after", { minutes }),
  setNotificationWords: (show) => call("set_notification_words", { show }),
  turnOnEncryption: (passphrase, confirm) => call("turn_on_encryption", { passphrase, confirm }),
  changePassphrase: (current, passphrase, confirm) => call("change_passphrase", { current, passphrase, confirm }),
  turnOffEncryption: (current) => call("turn_off_encryption", { current }),
  about: () => call("about"),
  openFolder: (which) => call("open_folder", { which }),
};

/** Listens to an event the shell sends; resolves to a function that stops listening. */
export async function listen(event, handler) {
  const ev = window.__TAURI__?.event;
  if (!ev) return () => {};
  return ev.listen(event, (e) => handler(e.payload));
}
