//! Plumbline's desktop shell: opens the journal, builds the window, the tray and the reminder
//! timer, and registers the commands, each a thin adapter over `plumbline_core::app`.

pub mod about;
pub mod dialogs;
pub mod import_export;
pub mod insights;
pub mod journal;
pub mod lock;
pub mod preferences;
pub mod realign;
pub mod reminders;
pub mod state;
pub mod today;
pub mod tray;
pub mod welcome;

#[cfg(target_os = "linux")]
use plumbline_core::app::instance::{self, Claim};
use plumbline_core::app::startup::{self, Dialog};
use plumbline_core::zone::LocalZone;
use plumbline_core::{paths, SystemClock};
use tauri::path::BaseDirectory;
use tauri::{Manager, Runtime};

pub use insights::AnalysisState;
pub use plumbline_core::app::startup::open_journal;
pub use state::{AppState, CommandError};

/// Shows a launch's native dialog (`plumbline_core::app::startup::launch`, before any window
/// exists); whether the person answered yes.
fn show(dialog: &Dialog) -> bool {
    use rfd::{MessageButtons, MessageDialog, MessageDialogResult, MessageLevel};
    eprintln!("plumbline-desktop: {}\n{}", dialog.title, dialog.message);
    let buttons = if dialog.asks {
        MessageButtons::YesNo
    } else {
        MessageButtons::Ok
    };
    let answer = MessageDialog::new()
        .set_level(MessageLevel::Error)
        .set_title(&dialog.title)
        .set_description(&dialog.message)
        .set_buttons(buttons)
        .show();
    answer == MessageDialogResult::Yes
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
        journal::delete_checkin,
        journal::undo_delete_checkin,
        journal::edit_reflection,
        journal::reflection_edit_problems,
        journal::delete_reflection,
        journal::undo_delete_reflection,
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
        reminders::window_ready,
        reminders::autostart_enabled,
        reminders::set_autostart,
        lock::lock_status,
        lock::unlock,
        lock::lock_now,
        lock::still_here,
        lock::set_lock_after,
        lock::set_notification_words,
        lock::turn_on_encryption,
        lock::change_passphrase,
        lock::turn_off_encryption,
        about::about,
        about::open_folder,
        preferences::preferences,
        preferences::set_theme,
        preferences::carry_over_theme,
    ]
}

/// Runs the app on the person's journal until Quit (with a tray icon, closing the window leaves
/// the app running so reminders keep firing).
pub fn run() {
    let path = paths::resolve_db(None);
    // One app per journal: a later launch hands over to the running one and exits, before it
    // opens the journal (Linux, `plumbline_core::app::instance`; elsewhere Tauri's plugin).
    #[cfg(target_os = "linux")]
    let instance = match instance::claim(path.as_deref()) {
        Claim::HandedOver => return,
        claim => claim.first(|why| eprintln!("plumbline-desktop: {why}; starting on its own")),
    };
    let Some(held) = startup::launch(path.as_deref(), startup::open_at_launch, &SystemClock, show)
    else {
        std::process::exit(1)
    };
    let builder = tauri::Builder::default();
    #[cfg(not(target_os = "linux"))]
    let builder = builder
        .plugin(tauri_plugin_single_instance::init(|app, _, _| {
            tray::show_window(app);
        }))
        .plugin(tauri_plugin_notification::init());
    let result = builder
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            None,
        ))
        .setup(|app| {
            let handle = app.handle();
            #[cfg(target_os = "linux")]
            if let Some(instance) = instance {
                // A later launch brings the window forward (opening it again if it was closed
                // to the tray) instead of starting another app.
                let later = handle.clone();
                instance.on_handover(move |_| tray::show_window(&later));
                handle.manage(instance);
            }
            // The window is built here, not from the configuration alone, so its first paint
            // has the theme the person chose.
            preferences::build_window(handle)?;
            // A bundled copy of the sentence model is looked at first; the model is loaded by the
            // first analysis.
            let bundled = handle
                .path()
                .resolve(plumbline_core::embed::MODEL_FILE, BaseDirectory::Resource)
                .ok();
            handle.manage(AnalysisState::with_model(bundled));
            let state = handle.state::<AppState>();
            handle
                .state::<reminders::Reminders>()
                .restore_pause_in(&state);
            if let Err(e) = tray::build(handle) {
                eprintln!("plumbline-desktop: no tray icon ({e}); closing the window quits");
            } else {
                handle.manage(KeepRunning);
            }
            reminders::start_notifications(handle);
            reminders::start(handle);
            let locker = handle.clone();
            plumbline_core::app::screen::watch(move || {
                let _ = lock::lock_app(&locker);
            });
            Ok(())
        })
        .on_window_event(|window, event| {
            // Without a tray icon the app ends with its window. Once the window is gone there
            // is nothing to bring forward: stop being the app on the journal now rather than at
            // the very end of shutdown, so a launch while this process is still tearing down
            // starts normally instead of handing over to an app that can no longer answer.
            // (With the tray, closing the window frees the web view's memory while the app
            // keeps running for reminders; Quit gives the name up.)
            if matches!(event, tauri::WindowEvent::Destroyed)
                && window.label() == "main"
                && window.try_state::<KeepRunning>().is_none()
            {
                release_instance(window.app_handle());
            }
        })
        .manage(AppState::new(
            held,
            Box::new(SystemClock),
            LocalZone::detect(),
        ))
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

/// Stops being the app on the journal: later launches start anew (see `run`).
pub fn release_instance<R: Runtime>(app: &tauri::AppHandle<R>) {
    #[cfg(target_os = "linux")]
    if let Some(instance) = app.try_state::<instance::Instance>() {
        instance.release();
    }
    #[cfg(not(target_os = "linux"))]
    tauri_plugin_single_instance::destroy(app);
}

/// Present when the tray icon is up, so closing the window does not end the app.
struct KeepRunning;

/// The app's configuration, embedded assets and capabilities (used by the tests too).
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}
