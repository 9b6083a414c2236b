//! Plumbline's desktop shell: opens the journal, builds the window, the tray and the reminder
//! timer, and registers the commands, each a thin adapter over `plumbline_core::app`.

pub mod import_export;
pub mod insights;
pub mod journal;
pub mod realign;
pub mod reminders;
pub mod state;
pub mod today;
pub mod tray;
pub mod welcome;

use std::path::PathBuf;

use plumbline_core::{paths, Store, SystemClock};
use tauri::{Manager, Runtime};

pub use insights::AnalysisState;
pub use state::{AppState, CommandError};

/// The journal the app opens: `PLUMBLINE_DB`, else `journal.plumbline` in the platform data dir.
pub fn journal_path() -> Result<PathBuf, String> {
    paths::resolve_db(None).ok_or_else(|| {
        "No data directory is known on this system; set PLUMBLINE_DB to the journal's path."
            .to_string()
    })
}

/// Opens (or creates) the journal at `path`, creating its folder first.
pub fn open_journal(path: &std::path::Path) -> Result<Store, String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            format!(
                "Could not create the journal's folder {}: {}",
                dir.display(),
                plumbline_core::paths::io_reason(&e)
            )
        })?;
    }
    Store::open(path).map_err(|e| e.to_string())
}

/// The invoke handler with every command the window may call.
pub fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        today::today,
        today::log_event,
        today::event_form_problems,
        today::edit_event,
        today::delete_event,
        today::undo_delete,
        today::save_checkin,
        today::add_reflection,
        today::suggestions,
        journal::journal,
        journal::search_journal,
        insights::insights,
        insights::set_verdict,
        insights::events_behind,
        insights::trends,
        insights::days_picture,
        welcome::journal_state,
        welcome::start_journal,
        welcome::open_demo,
        welcome::close_demo,
        realign::realign,
        realign::save_pathway,
        realign::remove_pathway,
        realign::restore_pathway,
        import_export::preview_import,
        import_export::import_file,
        import_export::list_imports,
        import_export::undo_import,
        import_export::export_journal,
        import_export::choose_import_file,
        import_export::choose_export_file,
        reminders::list_reminders,
        reminders::add_reminder,
        reminders::update_reminder,
        reminders::set_reminder_enabled,
        reminders::remove_reminder,
        reminders::reminder_settings,
        reminders::set_quiet_hours,
        reminders::set_backup_keep,
        reminders::pause_reminders_today,
        reminders::pending_prompt,
        reminders::test_notification,
        reminders::autostart_enabled,
        reminders::set_autostart,
    ]
}

/// Runs the app on the person's journal until Quit (with a tray icon, closing the window leaves
/// the app running so reminders keep firing).
pub fn run() {
    let store = match journal_path().and_then(|p| open_journal(&p)) {
        Ok(store) => store,
        Err(message) => {
            eprintln!("plumbline-desktop: {message}");
            std::process::exit(1);
        }
    };
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            // A second launch brings the window forward (opening it again if it was closed to
            // the tray) instead of starting another app.
            tray::show_window(app);
        }))
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            None,
        ))
        .setup(|app| {
            let handle = app.handle();
            handle
                .state::<reminders::Reminders>()
                .restore_pause(&handle.state::<AppState>());
            if let Err(e) = tray::build(handle) {
                eprintln!("plumbline-desktop: no tray icon ({e}); closing the window quits");
            } else {
                handle.manage(KeepRunning);
            }
            let background = handle.clone();
            std::thread::spawn(move || {
                reminders::daily_backup(&background.state::<AppState>());
            });
            reminders::ask_permission(handle);
            reminders::open_on_click(handle);
            reminders::start(handle);
            Ok(())
        })
        .on_window_event(|window, event| {
            // Without a tray icon the app ends with its window. Once the window is gone there
            // is nothing to bring forward: give up the single-instance name now rather than at
            // the very end of shutdown, so a launch while this process is still tearing down
            // starts normally instead of handing over to an instance that can no longer answer.
            // (With the tray, closing the window frees the web view's memory while the app
            // keeps running for reminders; Quit gives the name up.)
            if matches!(event, tauri::WindowEvent::Destroyed)
                && window.label() == "main"
                && window.try_state::<KeepRunning>().is_none()
            {
                tauri_plugin_single_instance::destroy(window.app_handle());
            }
        })
        .manage(AppState::new(store, Box::new(SystemClock)))
        .manage(AnalysisState::new())
        .manage(reminders::Reminders::new())
        .invoke_handler(handler())
        .build(context());
    match result {
        Ok(app) => app.run(|app, event| {
            // The window was closed, not Quit: with a tray icon, keep running for reminders.
            if let tauri::RunEvent::ExitRequested {
                code: None, api, ..
            } = event
            {
                if app.try_state::<KeepRunning>().is_some() {
                    api.prevent_exit();
                }
            }
        }),
        Err(e) => {
            eprintln!("plumbline-desktop: the window could not run: {e}");
            std::process::exit(1);
        }
    }
}

/// Present when the tray icon is up, so closing the window does not end the app.
struct KeepRunning;

/// The app's configuration, embedded assets and capabilities (used by the tests too).
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}
