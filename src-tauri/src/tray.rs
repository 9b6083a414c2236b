//! The tray icon that keeps Plumbline reachable while its window is closed, so reminders still
//! fire: Open, Quick log, Lock now (an encrypted journal), Pause reminders for today, Quit.

use tauri::menu::{CheckMenuItem, Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::reminders::Reminders;
use crate::state::AppState;

/// The event that asks the window to show Today with the cursor in the quick-log task field.
pub const QUICK_LOG_EVENT: &str = "quick-log";

/// The tray's "Pause reminders for today" item, so a pause set in Settings shows there too.
pub struct PauseItem<R: Runtime>(pub CheckMenuItem<R>);

/// Shows the main window and brings it forward, opening it again when it was closed.
pub fn show_window<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
        return;
    }
    match crate::preferences::build_window(app) {
        Ok(window) => {
            let _ = window.set_focus();
        }
        Err(e) => eprintln!("plumbline-desktop: the window could not be opened again: {e}"),
    }
}

/// Builds the tray icon and its menu.
pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let open = MenuItem::with_id(app, "open", "Open Plumbline", true, None::<&str>)?;
    let quick = MenuItem::with_id(app, "quick-log", "Quick log", true, None::<&str>)?;
    let paused_now = app.state::<Reminders>().paused_in(&app.state::<AppState>());
    let pause = CheckMenuItem::with_id(
        app,
        "pause",
        "Pause reminders for today",
        true,
        paused_now,
        None::<&str>,
    )?;
    let lock = MenuItem::with_id(app, "lock", "Lock now", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "Quit", true, None::<&str>)?;
    app.manage(PauseItem(pause.clone()));
    let menu = Menu::with_items(
        app,
        &[
            &open,
            &quick,
            &lock,
            &PredefinedMenuItem::separator(app)?,
            &pause,
            &PredefinedMenuItem::separator(app)?,
            &quit,
        ],
    )?;
    let mut tray = TrayIconBuilder::with_id("plumbline")
        .tooltip("Plumbline")
        .menu(&menu)
        .on_menu_event(move |app, event| match event.id().as_ref() {
            "open" => show_window(app),
            "quick-log" => {
                show_window(app);
                let _ = app.emit(QUICK_LOG_EVENT, ());
            }
            "lock" => {
                // A plaintext journal has nothing to lock; the item does nothing then.
                if let Err(e) = crate::lock::lock_app(app) {
                    eprintln!("plumbline-desktop: the journal could not be locked: {e}");
                }
            }
            "pause" => {
                let (state, reminders) = (app.state::<AppState>(), app.state::<Reminders>());
                let paused = !reminders.paused_in(&state);
                crate::reminders::pause(&state, &reminders, paused);
                let _ = pause.set_checked(paused);
            }
            "quit" => {
                crate::release_instance(app);
                app.exit(0);
            }
            _ => {}
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}
