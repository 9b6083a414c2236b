//! The commands behind the app's own preferences (`plumbline_core::app::preferences`): the
//! theme, kept beside the person's journal, and the line the window runs before its page so
//! its first paint has the theme.

use plumbline_core::app::preferences::{self, Preferences};
use tauri::{AppHandle, Manager, Runtime, State, WebviewWindow};

use crate::state::{AppState, CommandError};

type Result<T, E = CommandError> = std::result::Result<T, E>;

/// The preferences kept.
#[tauri::command]
pub fn preferences(state: State<'_, AppState>) -> Preferences {
    preferences::preferences_in(&state)
}

/// Chooses the theme (`system`, `light` or `dark`) and keeps it.
#[tauri::command]
pub fn set_theme(state: State<'_, AppState>, theme: String) -> Result<Preferences> {
    Ok(preferences::set_theme_in(&state, &theme)?)
}

/// Carries over a theme an older version kept in the window's storage, once.
#[tauri::command]
pub fn carry_over_theme(state: State<'_, AppState>, theme: String) -> Result<Preferences> {
    Ok(preferences::carry_over_theme_in(&state, &theme)?)
}

/// Builds the main window from the app's configuration, naming the kept theme before the
/// page's scripts run.
pub fn build_window<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<WebviewWindow<R>> {
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == "main")
        .cloned()
        .ok_or_else(|| tauri::Error::WindowNotFound)?;
    let prefs = preferences::preferences_in(&app.state::<AppState>());
    tauri::WebviewWindowBuilder::from_config(app, &config)?
        .initialization_script(preferences::first_paint_script(&prefs))
        .build()
}
