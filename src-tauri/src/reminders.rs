//! Reminders in the desktop app: one timer thread that sleeps until the next firing (at most a
//! minute at a time, so sleep, clock and time-zone changes are noticed), the notifications it
//! sends, the prompt waiting to be answered in Today, and the Settings view's thin commands.
//!
//! What fires, which prompt it carries and how long to sleep is decided by
//! `plumbline_core::app::tick`; this module only asks it at the right moments and delivers the
//! answer.

use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::Duration;

use chrono::NaiveDate;
use plumbline_core::app::reminders::Delivery;
use plumbline_core::app::settings::{reminder_views, QuietForm, ReminderForm, ReminderView};
use plumbline_core::app::tick::{self, MAX_SLEEP};
use plumbline_core::domain::Instant;
use plumbline_core::reminders::choose::ChosenPrompt;
use plumbline_core::reminders::{LocalZone, Purpose, QuietHours, Reminder};
use plumbline_core::Store;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};

use crate::state::{AppState, CommandError};

/// The event the window listens to when a reminder fires.
pub const FIRED_EVENT: &str = "reminder-fired";

/// Whether notifications may be shown, as the platform answered when asked once at start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    Unknown,
    Granted,
    Denied,
}

/// A reminder that fired and carried a prompt, waiting to be answered in Today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pending {
    pub prompt: ChosenPrompt,
    pub purpose: Purpose,
    #[serde(with = "plumbline_core::domain::instant_serde")]
    pub at: Instant,
}

/// What the window is told when a reminder fires.
#[derive(Debug, Clone, Serialize)]
pub struct Fired {
    pub purpose: Purpose,
    pub title: String,
    pub body: String,
    pub prompt: Option<ChosenPrompt>,
    /// Whether the window should show it itself, because notifications were refused.
    pub banner: bool,
}

/// The reminders' share of the app's state. The journal itself stays in [`AppState`].
pub struct Reminders {
    wake: Mutex<Option<Sender<()>>>,
    pending: Mutex<Option<Pending>>,
    paused_on: Mutex<Option<NaiveDate>>,
    permission: Mutex<Permission>,
    /// The last local date the daily backup was started on.
    backed_up_on: Mutex<Option<NaiveDate>>,
}

impl Default for Reminders {
    fn default() -> Self {
        Self::new()
    }
}

impl Reminders {
    pub fn new() -> Self {
        Self {
            wake: Mutex::new(None),
            pending: Mutex::new(None),
            paused_on: Mutex::new(None),
            permission: Mutex::new(Permission::Unknown),
            backed_up_on: Mutex::new(None),
        }
    }

    /// True the first time it is asked on each local date (so the daily backup runs at start
    /// and again whenever the date changes while the app runs).
    pub fn backup_due(&self, today: NaiveDate) -> bool {
        match self.backed_up_on.lock() {
            Ok(mut last) if *last != Some(today) => {
                *last = Some(today);
                true
            }
            _ => false,
        }
    }

    /// Asks the timer to look again now (after any change to reminders or their settings).
    pub fn rearm(&self) {
        if let Ok(wake) = self.wake.lock() {
            if let Some(tx) = wake.as_ref() {
                let _ = tx.send(());
            }
        }
    }

    pub fn permission(&self) -> Permission {
        self.permission.lock().map_or(Permission::Unknown, |p| *p)
    }

    pub fn set_permission(&self, p: Permission) {
        if let Ok(mut slot) = self.permission.lock() {
            *slot = p;
        }
    }

    /// Whether reminders are paused for `today`.
    pub fn paused(&self, today: NaiveDate) -> bool {
        self.paused_on.lock().is_ok_and(|p| *p == Some(today))
    }

    /// Pauses (or resumes) the rest of `today`'s reminders.
    pub fn set_paused(&self, today: NaiveDate, paused: bool) {
        if let Ok(mut slot) = self.paused_on.lock() {
            *slot = paused.then_some(today);
        }
    }

    /// [`Reminders::set_paused`], kept in the journal too so a restart keeps today's pause.
    pub fn pause(&self, state: &AppState, today: NaiveDate, paused: bool) {
        self.set_paused(today, paused);
        let saved = state.store().map_err(|e| e.message).and_then(|mut s| {
            s.set_reminders_paused_on(paused.then_some(today))
                .map_err(|e| e.to_string())
        });
        if let Err(e) = saved {
            eprintln!("plumbline-desktop: the pause could not be kept in the journal: {e}");
        }
    }

    /// Takes up a pause kept in the journal (it applies only on its own day).
    pub fn restore_pause(&self, state: &AppState) {
        if let Ok(Ok(Some(day))) = state.store().map(|s| s.reminders_paused_on()) {
            self.set_paused(day, true);
        }
    }

    fn set_pending(&self, p: Pending) {
        if let Ok(mut slot) = self.pending.lock() {
            *slot = Some(p);
        }
    }

    /// The prompt waiting in Today: the last one a reminder carried, until it is answered or its
    /// day is over.
    pub fn pending(&self, store: &Store, today: NaiveDate) -> Option<Pending> {
        let mut slot = self.pending.lock().ok()?;
        let p = slot.clone()?;
        let answered = || tick::answered(store, &p.prompt.id, p.at).unwrap_or(false);
        if p.at.date_naive() != today || answered() {
            *slot = None;
            return None;
        }
        Some(p)
    }
}

/// Starts the one timer thread.
pub fn start<R: Runtime>(app: &AppHandle<R>) {
    let (tx, rx) = mpsc::channel::<()>();
    if let Ok(mut wake) = app.state::<Reminders>().wake.lock() {
        *wake = Some(tx);
    }
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("reminders".into())
        .spawn(move || loop {
            let wait = look(&app);
            match rx.recv_timeout(wait) {
                // A change: drain the others that came with it and look again.
                Ok(()) => while rx.try_recv().is_ok() {},
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
        });
    if let Err(e) = spawned {
        eprintln!("plumbline-desktop: reminders are off, the timer could not start: {e}");
    }
}

/// Delivers what is due since the last look (a missed reminder at most once), starts the daily
/// backup when the date has changed, locks an encrypted journal left idle, and returns how long
/// to sleep before the next look. While the journal is locked the reminders still fire, from
/// the schedule kept in memory, with neutral words.
fn look<R: Runtime>(app: &AppHandle<R>) -> Duration {
    let state = app.state::<AppState>();
    let reminders = app.state::<Reminders>();
    let mut idle_lock = None;
    let looked = state.held().map_err(|e| e.message).and_then(|mut held| {
        let (store, locked) = held.for_timer();
        let words = !locked && store.notifications_show_words().unwrap_or(false);
        if !locked && store.is_encrypted() {
            idle_lock = store.lock_after_minutes().ok().flatten();
        }
        let backup = (!locked)
            .then(|| store.path().map(std::path::Path::to_path_buf))
            .flatten()
            .map(|p| (p, store.key().cloned(), store.backup_keep()));
        tick::tick(store, state.now(), &LocalZone::detect())
            .map(|t| (t, words, backup))
            .map_err(|e| e.to_string())
    });
    let sleep = match looked {
        Ok((t, words, backup)) => {
            if let Some((journal, key, Ok(keep))) = backup {
                if reminders.backup_due(t.today) {
                    // On a thread of its own, through a connection of its own: the window's
                    // journal lock is not held while the copy is written.
                    let today = t.today;
                    std::thread::spawn(move || daily_backup(&journal, key.as_ref(), today, keep));
                }
            }
            if !reminders.paused(t.today) {
                for d in &t.deliveries {
                    deliver(app, &reminders, d, words);
                }
            }
            t.sleep
        }
        Err(e) => {
            eprintln!("plumbline-desktop: reminders could not be checked: {e}");
            MAX_SLEEP
        }
    };
    let Some(minutes) = idle_lock else {
        return sleep;
    };
    let after = idle_lock_after(minutes);
    let idle = state.idle_for();
    if idle >= after {
        if let Err(e) = crate::lock::lock_app(app) {
            eprintln!("plumbline-desktop: the journal could not be locked: {e}");
        }
        return sleep;
    }
    // Wake in time to lock when the idle time runs out.
    sleep.min(after - idle + Duration::from_millis(200))
}

/// The idle time before an encrypted journal locks: the person's minutes, or in a debug build
/// `PLUMBLINE_TEST_IDLE_SECONDS` (the end-to-end test's seconds; release builds ignore it).
fn idle_lock_after(minutes: u32) -> Duration {
    let test_seconds = cfg!(debug_assertions)
        .then(|| std::env::var("PLUMBLINE_TEST_IDLE_SECONDS").ok())
        .flatten()
        .and_then(|v| v.parse::<u64>().ok());
    test_seconds.map_or(
        Duration::from_secs(u64::from(minutes) * 60),
        Duration::from_secs,
    )
}

/// Sends one firing: as a notification (with the person's words only when `words`, else a
/// neutral line) and to the window.
fn deliver<R: Runtime>(app: &AppHandle<R>, reminders: &Reminders, d: &Delivery, words: bool) {
    let (title, body) = if words {
        tick::wording(d)
    } else {
        tick::neutral_wording(d)
    };
    if let (Some(prompt), true) = (&d.prompt, words) {
        reminders.set_pending(Pending {
            prompt: prompt.clone(),
            purpose: d.purpose,
            at: d.at,
        });
    }
    let banner = reminders.permission() == Permission::Denied;
    if !banner {
        notify(app, &title, &body);
    }
    let _ = app.emit(
        FIRED_EVENT,
        Fired {
            purpose: d.purpose,
            title,
            body,
            prompt: d.prompt.clone().filter(|_| words),
            banner,
        },
    );
}

fn notify<R: Runtime>(app: &AppHandle<R>, title: &str, body: &str) {
    use tauri_plugin_notification::NotificationExt;
    if let Err(e) = app.notification().builder().title(title).body(body).show() {
        eprintln!("plumbline-desktop: the notification could not be shown: {e}");
    }
}

/// The event that asks the window to show Today, where the reminder's prompt waits.
pub const OPEN_PROMPT_EVENT: &str = "open-prompt";

/// A click on a reminder's notification (where the notification server reports it) opens the
/// window on Today with the prompt ready to answer.
pub fn open_on_click<R: Runtime>(app: &AppHandle<R>) {
    use tauri_plugin_notification::NotificationExt;
    let handle = app.clone();
    let _ = app.notification().on_action(move |_| {
        crate::tray::show_window(&handle);
        let _ = handle.emit(OPEN_PROMPT_EVENT, ());
    });
}

/// Asks for permission to notify once, at start, and remembers the answer.
pub fn ask_permission<R: Runtime>(app: &AppHandle<R>) {
    use tauri_plugin_notification::{NotificationExt, PermissionState};
    let n = app.notification();
    let answer = match n.permission_state() {
        Ok(PermissionState::Prompt | PermissionState::PromptWithRationale) => {
            n.request_permission()
        }
        other => other,
    };
    let p = match answer {
        Ok(PermissionState::Granted) => Permission::Granted,
        Ok(PermissionState::Denied) => Permission::Denied,
        _ => Permission::Unknown,
    };
    app.state::<Reminders>().set_permission(p);
}

// ---------------------------------------------------------------------------------------------
// Commands

type Result<T> = std::result::Result<T, CommandError>;

fn views(state: &AppState, reminders: Vec<Reminder>) -> Result<Vec<ReminderView>> {
    let store = state.store()?;
    Ok(reminder_views(
        &store,
        reminders,
        state.now(),
        &LocalZone::detect(),
    )?)
}

fn one(state: &AppState, r: Reminder) -> Result<ReminderView> {
    Ok(views(state, vec![r])?
        .pop()
        .expect("one reminder in, one view out"))
}

#[tauri::command]
pub fn list_reminders(state: State<'_, AppState>) -> Result<Vec<ReminderView>> {
    let all = state.store()?.reminders()?;
    views(&state, all)
}

#[tauri::command]
pub fn add_reminder(
    state: State<'_, AppState>,
    reminders: State<'_, Reminders>,
    input: ReminderForm,
) -> Result<ReminderView> {
    let input = input.into_input()?;
    let r = state.store()?.add_reminder(input, state.clock())?;
    reminders.rearm();
    one(&state, r)
}

#[tauri::command]
pub fn update_reminder(
    state: State<'_, AppState>,
    reminders: State<'_, Reminders>,
    id: String,
    input: ReminderForm,
) -> Result<ReminderView> {
    let input = input.into_input()?;
    let r = state.store()?.update_reminder(&id, input)?;
    reminders.rearm();
    one(&state, r)
}

#[tauri::command]
pub fn set_reminder_enabled(
    state: State<'_, AppState>,
    reminders: State<'_, Reminders>,
    id: String,
    enabled: bool,
) -> Result<ReminderView> {
    let r = state.store()?.set_reminder_enabled(&id, enabled)?;
    reminders.rearm();
    one(&state, r)
}

#[tauri::command]
pub fn remove_reminder(
    state: State<'_, AppState>,
    reminders: State<'_, Reminders>,
    id: String,
) -> Result<Reminder> {
    let r = state.store()?.remove_reminder(&id)?;
    reminders.rearm();
    Ok(r)
}

/// The Settings view's reminder and backup settings.
#[derive(Debug, Clone, Serialize)]
pub struct ReminderSettings {
    pub quiet_hours: Option<QuietHours>,
    pub backup_keep: usize,
    pub notifications: Permission,
    pub paused_today: bool,
}

#[tauri::command]
pub fn reminder_settings(
    state: State<'_, AppState>,
    reminders: State<'_, Reminders>,
) -> Result<ReminderSettings> {
    let store = state.store()?;
    let today = state.now().with_timezone(&LocalZone::detect()).date_naive();
    Ok(ReminderSettings {
        quiet_hours: store.quiet_hours()?,
        backup_keep: store.backup_keep()?,
        notifications: reminders.permission(),
        paused_today: reminders.paused(today),
    })
}

#[tauri::command]
pub fn set_quiet_hours(
    state: State<'_, AppState>,
    reminders: State<'_, Reminders>,
    quiet: Option<QuietForm>,
) -> Result<Option<QuietHours>> {
    let quiet = quiet.map(QuietForm::into_quiet_hours).transpose()?;
    state.store()?.set_quiet_hours(quiet)?;
    reminders.rearm();
    Ok(quiet)
}

#[tauri::command]
pub fn set_backup_keep(state: State<'_, AppState>, keep: usize) -> Result<usize> {
    state.store()?.set_backup_keep(keep)?;
    Ok(keep)
}

/// Pauses or resumes the rest of today's reminders.
#[tauri::command]
pub fn pause_reminders_today<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    reminders: State<'_, Reminders>,
    paused: bool,
) -> bool {
    let today = state.now().with_timezone(&LocalZone::detect()).date_naive();
    reminders.pause(&state, today, paused);
    if let Some(item) = app.try_state::<crate::tray::PauseItem<R>>() {
        let _ = item.0.set_checked(paused);
    }
    paused
}

/// The prompt a reminder brought that is still waiting for its answer today.
#[tauri::command]
pub fn pending_prompt(
    state: State<'_, AppState>,
    reminders: State<'_, Reminders>,
) -> Result<Option<Pending>> {
    let today = state.now().with_timezone(&LocalZone::detect()).date_naive();
    let store = state.store()?;
    Ok(reminders.pending(&store, today))
}

/// Sends a notification now, so the person can see how reminders look (or learn they are
/// refused).
#[tauri::command]
pub fn test_notification<R: Runtime>(
    app: AppHandle<R>,
    reminders: State<'_, Reminders>,
) -> Permission {
    let p = reminders.permission();
    if p != Permission::Denied {
        notify(
            &app,
            "Plumbline",
            "This is how a reminder will look. You can change reminders in Settings.",
        );
    }
    p
}

#[tauri::command]
pub fn autostart_enabled<R: Runtime>(app: AppHandle<R>) -> Result<bool> {
    use tauri_plugin_autostart::ManagerExt;
    app.autolaunch().is_enabled().map_err(|e| CommandError {
        message: format!("Could not read whether Plumbline starts at login: {e}"),
        field: Some("autostart".into()),
    })
}

#[tauri::command]
pub fn set_autostart<R: Runtime>(app: AppHandle<R>, enabled: bool) -> Result<bool> {
    use tauri_plugin_autostart::ManagerExt;
    let launcher = app.autolaunch();
    let done = if enabled {
        launcher.enable()
    } else {
        launcher.disable()
    };
    done.map_err(|e| CommandError {
        message: format!("Could not change whether Plumbline starts at login: {e}"),
        field: Some("autostart".into()),
    })?;
    Ok(enabled)
}

/// The automatic daily backup of `journal` into `<journal's folder>/backups`, through a
/// connection of its own (with the journal's key when it is encrypted). Run by the timer at
/// start and whenever the local date changes.
pub fn daily_backup(
    journal: &std::path::Path,
    key: Option<&plumbline_core::keys::DataKey>,
    today: NaiveDate,
    keep: usize,
) -> Option<std::path::PathBuf> {
    let dir = plumbline_core::paths::backups_dir(journal);
    match Store::daily_backup_at(journal, key, &dir, today, keep) {
        Ok(written) => written,
        Err(e) => {
            eprintln!("plumbline-desktop: the daily backup failed: {e}");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plumbline_core::domain::parse_instant;

    fn at(s: &str) -> Instant {
        parse_instant(s).expect("valid instant in test")
    }

    #[test]
    fn the_daily_backup_is_due_once_per_date_and_again_when_the_date_changes() {
        let r = Reminders::new();
        let d = |s: &str| s.parse::<NaiveDate>().expect("date");
        assert!(r.backup_due(d("2026-11-20")));
        assert!(!r.backup_due(d("2026-11-20")));
        assert!(
            r.backup_due(d("2026-11-21")),
            "a new day while the app runs"
        );
        assert!(!r.backup_due(d("2026-11-21")));
    }

    #[test]
    fn the_daily_backup_writes_through_its_own_connection() {
        let dir = tempfile::tempdir().expect("dir");
        let journal = dir.path().join("journal.plumbline");
        let store = Store::open(&journal).expect("journal");
        let d = |s: &str| s.parse::<NaiveDate>().expect("date");
        let first = daily_backup(&journal, None, d("2026-11-20"), 3).expect("written");
        assert!(first.starts_with(dir.path().join("backups")));
        let next = daily_backup(&journal, None, d("2026-11-21"), 3).expect("next day");
        assert_ne!(first, next);
        assert!(daily_backup(&journal, None, d("2026-11-21"), 3).is_none());
        drop(store);
    }

    #[test]
    fn a_pause_holds_for_its_day_only() {
        let r = Reminders::new();
        let d = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        assert!(!r.paused(d));
        r.set_paused(d, true);
        assert!(r.paused(d));
        assert!(!r.paused(d.succ_opt().unwrap()));
        r.set_paused(d, false);
        assert!(!r.paused(d));
    }

    #[test]
    fn the_pending_prompt_waits_until_answered_or_its_day_ends() {
        use plumbline_core::domain::{Layer, ReflectionInput};
        use plumbline_core::FixedClock;
        let mut store = Store::open_in_memory().unwrap();
        let fired = at("2026-11-24T20:00:00+01:00");
        let r = Reminders::new();
        let p = Pending {
            prompt: ChosenPrompt {
                id: "thinking.before_delay".into(),
                layer: Layer::Thinking,
                text: "What did you tell yourself?".into(),
            },
            purpose: Purpose::Reflection,
            at: fired,
        };
        r.set_pending(p.clone());
        let today = fired.date_naive();
        assert_eq!(r.pending(&store, today), Some(p.clone()));
        assert_eq!(r.pending(&store, today.succ_opt().unwrap()), None);
        r.set_pending(p.clone());
        let clock = FixedClock(at("2026-11-24T20:05:00+01:00"));
        let mut input = ReflectionInput::new(clock.0, "I said one more email.");
        input.prompt_id = Some(p.prompt.id.clone());
        store.add_reflection(input, &clock).unwrap();
        assert_eq!(r.pending(&store, today), None, "answered");
    }
}
