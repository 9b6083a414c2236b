//! The commands behind Settings' About section: what `plumbline_core::app::about` gathers, and
//! showing the journal's or the backups' folder in the system's file manager. The window names
//! which folder; the path always comes from the open journal.

use std::path::Path;

use plumbline_core::app::about::{self, About, Folder};
use tauri::{AppHandle, Manager, Runtime, State};

use crate::state::{AppState, CommandError};

type Result<T, E = CommandError> = std::result::Result<T, E>;

#[tauri::command]
pub fn about<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Result<About> {
    let web = app.path().app_local_data_dir().ok();
    Ok(about::about(&*state.store()?, web.as_deref())?)
}

/// Shows the journal's folder (`"journal"`) or the backups' (`"backups"`).
#[tauri::command]
pub fn open_folder(state: State<'_, AppState>, which: String) -> Result<()> {
    let which: Folder = which.parse()?;
    let dir = about::folder(&*state.store()?, which)?;
    open_in_file_manager(&dir).map_err(|e| CommandError {
        message: format!("Could not open {} in the file manager: {e}", dir.display()),
        field: None,
    })
}

/// Shows a folder in the system's file manager, without waiting for it.
fn open_in_file_manager(dir: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "windows")]
    let program = "explorer";
    #[cfg(target_os = "macos")]
    let program = "open";
    #[cfg(not(any(target_os = "windows", target_os = "macos")))]
    let program = "xdg-open";
    let mut child = std::process::Command::new(program)
        .arg(dir)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    // Reaped in the background so no zombie stays behind.
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    Ok(())
}
