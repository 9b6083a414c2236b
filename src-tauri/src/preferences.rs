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
    let window = tauri::WebviewWindowBuilder::from_config(app, &config)?
        .initialization_script(preferences::first_paint_script(&prefs))
        .build()?;
    draw_without_compositing(&window)?;
    Ok(window)
}

/// Has WebKitGTK draw the page without its compositor: forms, text and small SVG charts need
/// none, and the compositor's buffers (and, without a GPU, the software GL behind them) are
/// most of what the web process holds beyond the page itself.
#[cfg(target_os = "linux")]
fn draw_without_compositing<R: Runtime>(window: &WebviewWindow<R>) -> tauri::Result<()> {
    window.with_webview(|view| {
        use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
        if let Some(settings) = view.inner().settings() {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    })
}

#[cfg(not(target_os = "linux"))]
fn draw_without_compositing<R: Runtime>(_window: &WebviewWindow<R>) -> tauri::Result<()> {
    Ok(())
}
