//! Reminders in the desktop app: one timer thread that sleeps until the next firing (at most a
//! minute at a time, so sleep, clock and time-zone changes are noticed), the notifications it
//! sends, and the Settings view's thin commands.
//!
//! What fires, with which words, whether the daily backup is due, whether an idle encrypted
//! journal locks and how long to sleep is decided by `plumbline_core::app::timer`; this module
//! only asks it at the right moments and delivers the answer.

use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;

#[cfg(target_os = "linux")]
use plumbline_core::app::notifications::Notifier;
pub use plumbline_core::app::settings::ReminderSettings;
use plumbline_core::app::settings::{self, QuietForm, ReminderForm, ReminderView};
use plumbline_core::app::tick;
use plumbline_core::app::timer::{self, FIRST_LOOK_AT_THE_LATEST};
pub use plumbline_core::app::timer::{Fired, Pending, Permission, Timer};
use plumbline_core::reminders::{QuietHours, Reminder};
use tauri::{AppHandle, Emitter, Manager, Runtime, State};
use tauri_plugin_autostart::ManagerExt;

use crate::state::{AppState, CommandError};

/// The event the window listens to when a reminder fires.
pub const FIRED_EVENT: &str = "reminder-fired";

/// The reminders' share of the app's state (core's `app::timer::TimerState`): the timer's
/// memory, and the channel that wakes its thread. The journal itself stays in [`AppState`]
/// (always locked before the timer).
pub use plumbline_core::app::timer::TimerState as Reminders;

/// Pauses (or resumes) the rest of today's reminders, kept in the journal too so a restart
/// keeps today's pause.
pub fn pause(state: &AppState, reminders: &Reminders, paused: bool) {
    if let Err(e) = reminders.pause_in(state, paused) {
        eprintln!("plumbline-desktop: the pause could not be kept in the journal: {e}");
    }
}

/// Starts the one timer thread.
pub fn start<R: Runtime>(app: &AppHandle<R>) {
    let rx = app.state::<Reminders>().wake_channel();
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("reminders".into())
        .spawn(move || {
            // The catch-up and the daily backup wait for the window's first view.
            let timer = app.state::<Reminders>();
            if !timer.first_look(&rx, FIRST_LOOK_AT_THE_LATEST) {
                return;
            }
            loop {
                let wait = look(&app);
                match rx.recv_timeout(wait) {
                    // A change: drain the others that came with it and look again.
                    Ok(()) => while rx.try_recv().is_ok() {},
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
        });
    if let Err(e) = spawned {
        eprintln!("plumbline-desktop: reminders are off, the timer could not start: {e}");
    }
}

/// One look of the timer (`plumbline_core::app::timer`): delivers what it found, starts the
/// daily backup on a thread of its own, locks an idle encrypted journal, and returns how long
/// to sleep before the next look.
fn look<R: Runtime>(app: &AppHandle<R>) -> Duration {
    let state = app.state::<AppState>();
    let look = match app
        .state::<Reminders>()
        .look_in(&state, timer::test_idle_from_env())
    {
        Ok(look) => look,
        Err(e) => {
            eprintln!("plumbline-desktop: reminders could not be checked: {e}");
            return tick::MAX_SLEEP;
        }
    };
    if let Some(e) = look.problem {
        eprintln!("plumbline-desktop: reminders could not be checked: {e}");
    }
    if let Some(backup) = look.backup {
        // Through a connection of its own: the window's journal lock is not held meanwhile.
        std::thread::spawn(move || {
            if let Err(e) = backup.run() {
                eprintln!("plumbline-desktop: the daily backup failed: {e}");
            }
        });
    }
    for fired in look.fired {
        if !fired.banner {
            notify(app, &fired.title, &fired.body);
        }
        let _ = app.emit(FIRED_EVENT, fired);
    }
    if look.lock {
        if let Err(e) = crate::lock::lock_app(app) {
            eprintln!("plumbline-desktop: the journal could not be locked: {e}");
        }
    }
    look.sleep
}

/// Shows a notification: over D-Bus on Linux (`plumbline_core::app::notifications`, returning
/// once the server took it), through Tauri's notification plugin elsewhere.
fn notify<R: Runtime>(app: &AppHandle<R>, title: &str, body: &str) {
    #[cfg(target_os = "linux")]
    let shown = app.try_state::<Notifier>().map(|n| n.show(title, body));
    #[cfg(not(target_os = "linux"))]
    let shown = {
        use tauri_plugin_notification::NotificationExt;
        Some(app.notification().builder().title(title).body(body).show())
    };
    if let Some(Err(e)) = shown {
        eprintln!("plumbline-desktop: the notification could not be shown: {e}");
    }
}

/// The event that asks the window to show Today, where the reminder's prompt waits.
pub const OPEN_PROMPT_EVENT: &str = "open-prompt";

/// A click on a reminder's notification (where the notification server reports it) opens the
/// window on Today with the prompt ready to answer.
fn open_prompt<R: Runtime>(app: &AppHandle<R>) {
    crate::tray::show_window(app);
    let _ = app.emit(OPEN_PROMPT_EVENT, ());
}

/// Starts the notifications: a click opens the prompt, and whether notifications may be shown
/// is asked once and remembered (on Linux: whether a notification server is there).
#[cfg(target_os = "linux")]
pub fn start_notifications<R: Runtime>(app: &AppHandle<R>) {
    let (clicked, answered) = (app.clone(), app.clone());
    app.manage(Notifier::start(
        move || open_prompt(&clicked),
        move |p| answered.state::<Reminders>().timer().set_permission(p),
    ));
}

#[cfg(not(target_os = "linux"))]
pub fn start_notifications<R: Runtime>(app: &AppHandle<R>) {
    use tauri_plugin_notification::NotificationExt;
    let handle = app.clone();
    let _ = app.notification().on_action(move |_| open_prompt(&handle));
    // The plugin asks nothing on desktop platforms: its answer is always granted.
    app.state::<Reminders>()
        .timer()
        .set_permission(Permission::Granted);
}

// ---------------------------------------------------------------------------------------------
// Commands

type Result<T> = std::result::Result<T, CommandError>;

/// The window's first view is on screen: the timer's first look (catch-up, daily backup) may
/// run now, and the analyzer reads the journal ahead of Insights and Trends.
#[tauri::command]
pub fn window_ready<R: Runtime>(app: AppHandle<R>) {
    app.state::<Reminders>().window_ready();
    crate::insights::warm(&app);
}

#[tauri::command]
pub fn list_reminders(state: State<'_, AppState>) -> Result<Vec<ReminderView>> {
    settings::reminder_views_in(&state)
}

#[tauri::command]
pub fn add_reminder(
    state: State<'_, AppState>,
    reminders: State<'_, Reminders>,
    input: ReminderForm,
) -> Result<ReminderView> {
    settings::add_reminder_in(&state, &reminders, input)
}

#[tauri::command]
pub fn update_reminder(
    state: State<'_, AppState>,
    reminders: State<'_, Reminders>,
    id: String,
    input: ReminderForm,
) -> Result<ReminderView> {
    settings::update_reminder_in(&state, &reminders, &id, input)
}

#[tauri::command]
pub fn set_reminder_enabled(
    state: State<'_, AppState>,
    reminders: State<'_, Reminders>,
    id: String,
    enabled: bool,
) -> Result<ReminderView> {
    settings::set_reminder_enabled_in(&state, &reminders, &id, enabled)
}

#[tauri::command]
pub fn remove_reminder(
    state: State<'_, AppState>,
    reminders: State<'_, Reminders>,
    id: String,
) -> Result<Reminder> {
    settings::remove_reminder_in(&state, &reminders, &id)
}

#[tauri::command]
pub fn reminder_settings(
    state: State<'_, AppState>,
    reminders: State<'_, Reminders>,
) -> Result<ReminderSettings> {
    settings::reminder_settings_in(&state, &reminders)
}

#[tauri::command]
pub fn set_quiet_hours(
    state: State<'_, AppState>,
    reminders: State<'_, Reminders>,
    quiet: Option<QuietForm>,
) -> Result<Option<QuietHours>> {
    settings::set_quiet_hours_in(&state, &reminders, quiet)
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
    pause(&state, &reminders, paused);
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
    reminders.pending_in(&state)
}

/// Sends a notification now, so the person can see how reminders look (or learn they are
/// refused).
#[tauri::command]
pub fn test_notification<R: Runtime>(
    app: AppHandle<R>,
    reminders: State<'_, Reminders>,
) -> Permission {
    let p = reminders.timer().permission();
    if p != Permission::Denied {
        // Off the window's thread, which runs this command: the server may be slow.
        std::thread::spawn(move || {
            let body = "This is how a reminder will look. You can change reminders in Settings.";
            notify(&app, "Plumbline", body);
        });
    }
    p
}

#[tauri::command]
pub fn autostart_enabled<R: Runtime>(app: AppHandle<R>) -> Result<bool> {
    settings::autostart_enabled(|| app.autolaunch().is_enabled())
}

#[tauri::command]
pub fn set_autostart<R: Runtime>(app: AppHandle<R>, enabled: bool) -> Result<bool> {
    let launcher = app.autolaunch();
    settings::set_autostart(enabled, |on| {
        if on {
            launcher.enable()
        } else {
            launcher.disable()
        }
    })
}
