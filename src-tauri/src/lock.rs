//! Locking an encrypted journal: the commands behind the unlock screen, "Lock now" and the
//! Settings' encryption section. The logic is `plumbline_core::app::lock`; here the journal is
//! swapped behind the app's lock, the analyzer forgets what it read, the window is told, and
//! the idle time is measured.

pub use plumbline_core::app::lock::{Decrypted, Encrypted, LockStatus};
use plumbline_core::keys::Secret;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};

use crate::insights::{off_ui, AnalysisState};
use crate::reminders::Reminders;
use crate::state::{AppState, CommandError};

type Result<T, E = CommandError> = std::result::Result<T, E>;

/// The event the window gets when the journal locks (idle, tray, or its own button).
pub const LOCKED_EVENT: &str = "journal-locked";

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
    state.lock_status()
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
        handle.state::<Reminders>().unlocked_in(state);
        crate::insights::warm(&handle);
        Ok(status)
    })
    .await
}

#[tauri::command]
pub fn lock_now<R: Runtime>(app: AppHandle<R>) -> Result<LockStatus> {
    lock_app(&app)?;
    app.state::<AppState>().lock_status()
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
    let status = state.set_lock_after(minutes)?;
    reminders.rearm();
    Ok(status)
}

#[tauri::command]
pub fn set_notification_words(state: State<'_, AppState>, show: bool) -> Result<LockStatus> {
    state.set_notification_words(show)
}

/// Turns encryption on; the recovery key is returned to be shown once.
#[tauri::command]
pub async fn turn_on_encryption<R: Runtime>(
    app: AppHandle<R>,
    passphrase: String,
    confirm: String,
) -> Result<Encrypted> {
    off_ui(app, move |state, _| {
        state.turn_on_encryption(passphrase, confirm)
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
    off_ui(app, move |state, _| state.turn_off_encryption(current)).await
}

/// Changes the passphrase, after checking the current one (or the recovery key).
#[tauri::command]
pub async fn change_passphrase<R: Runtime>(
    app: AppHandle<R>,
    current: String,
    passphrase: String,
    confirm: String,
) -> Result<LockStatus> {
    off_ui(app, move |state, _| {
        state.change_passphrase(current, passphrase, confirm)
    })
    .await
}
