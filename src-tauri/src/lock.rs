//! Locking an encrypted journal: the commands behind the unlock screen, "Lock now" and the
//! Settings' encryption section. The logic is `plumbline_core::app::lock`; here the journal is
//! swapped behind the app's lock, the analyzer forgets what it read, the window is told, and
//! the idle time is measured.

use plumbline_core::app::lock as app_lock;
pub use plumbline_core::app::lock::{Decrypted, Encrypted, LockStatus};
use plumbline_core::keys::Secret;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};

use crate::insights::{off_ui, AnalysisState};
use crate::reminders::Reminders;
use crate::state::{AppState, CommandError};

type Result<T, E = CommandError> = std::result::Result<T, E>;

/// The event the window gets when the journal locks (idle, tray, or its own button).
pub const LOCKED_EVENT: &str = "journal-locked";

fn status(state: &AppState) -> Result<LockStatus> {
    Ok(app_lock::status(&*state.held()?)?)
}

/// Locks the journal if it is encrypted and open: the connection and its key are dropped, the
/// analyzer forgets, the window is told. Returns whether it locked.
pub fn lock_app<R: Runtime>(app: &AppHandle<R>) -> Result<bool> {
    let state = app.state::<AppState>();
    let locked = state.held()?.lock(state.clock())?;
    if locked {
        if let Some(analysis) = app.try_state::<AnalysisState>() {
            analysis.reset();
        }
        let _ = app.emit(LOCKED_EVENT, ());
    }
    Ok(locked)
}

#[tauri::command]
pub fn lock_status(state: State<'_, AppState>) -> Result<LockStatus> {
    status(&state)
}

/// Unlocks with a passphrase or the recovery key (the key derivation takes about half a second,
/// on a worker). With `remember`, the key is kept in the system keyring so the next launch
/// opens without asking; without, any key kept before is forgotten.
#[tauri::command]
pub async fn unlock<R: Runtime>(
    app: AppHandle<R>,
    passphrase: String,
    remember: Option<bool>,
) -> Result<LockStatus> {
    let secret = Secret::new(passphrase);
    let handle = app.clone();
    off_ui(app, move |state, _| {
        let status = state.unlock(&secret, remember.unwrap_or(false))?;
        let reminders = handle.state::<Reminders>();
        reminders.restore_pause_in(state);
        reminders.rearm();
        Ok(status)
    })
    .await
}

#[tauri::command]
pub fn lock_now<R: Runtime>(app: AppHandle<R>) -> Result<LockStatus> {
    lock_app(&app)?;
    status(&app.state::<AppState>())
}

/// The window is in use (sent on input, at most every few seconds): the idle time starts over.
#[tauri::command]
pub fn still_here(state: State<'_, AppState>) {
    state.touch();
}

#[tauri::command]
pub fn set_lock_after(
    state: State<'_, AppState>,
    reminders: State<'_, Reminders>,
    minutes: Option<u32>,
) -> Result<LockStatus> {
    state.store()?.set_lock_after_minutes(minutes)?;
    reminders.rearm();
    status(&state)
}

#[tauri::command]
pub fn set_notification_words(state: State<'_, AppState>, show: bool) -> Result<LockStatus> {
    state.store()?.set_notifications_show_words(show)?;
    status(&state)
}

/// Turns encryption on; the recovery key is returned to be shown once.
#[tauri::command]
pub async fn turn_on_encryption<R: Runtime>(
    app: AppHandle<R>,
    passphrase: String,
    confirm: String,
) -> Result<Encrypted> {
    app_lock::confirm(&passphrase, &confirm)?;
    drop(Secret::new(confirm));
    let secret = Secret::new(passphrase);
    off_ui(app, move |state, _| {
        let recovery = state.held()?.encrypt(&secret)?;
        Ok(Encrypted {
            recovery_key: recovery.as_str().to_string(),
            status: status(state)?,
        })
    })
    .await
}

/// Turns encryption off, after checking the passphrase (or the recovery key); a key kept by
/// "Remember on this device" is forgotten, as there is nothing left for it to open.
#[tauri::command]
pub async fn turn_off_encryption<R: Runtime>(
    app: AppHandle<R>,
    current: String,
) -> Result<Decrypted> {
    let current = Secret::new(current);
    off_ui(app, move |state, _| {
        let mut held = state.held()?;
        let backups = held.decrypt(&current)?;
        if let Some(path) = held.path() {
            plumbline_core::remember::forget(path);
        }
        drop(held);
        Ok(Decrypted::new(status(state)?, &backups))
    })
    .await
}

/// Changes the passphrase, after checking the current one (or the recovery key).
#[tauri::command]
pub async fn change_passphrase<R: Runtime>(
    app: AppHandle<R>,
    current: String,
    passphrase: String,
    confirm: String,
) -> Result<LockStatus> {
    app_lock::confirm(&passphrase, &confirm)?;
    drop(Secret::new(confirm));
    let current = Secret::new(current);
    let new = Secret::new(passphrase);
    off_ui(app, move |state, _| {
        state.held()?.change_passphrase(&current, &new)?;
        status(state)
    })
    .await
}
