//! The commands behind Settings' "Your data": importing another app's export or a journal file
//! (checked first, then applied all-or-nothing), the list of past imports with undo, and
//! exporting the journal. Files are read and written on a blocking worker; the file choosers
//! are the system's.

use std::path::PathBuf;

use plumbline_core::app::data::{self, DataError, Exported, Imported};
use plumbline_core::interchange::export::{ExportFormat, Target};
use plumbline_core::interchange::formats::{LocalZone, ParseOptions};
use plumbline_core::interchange::{Added, ImportReport};
use plumbline_core::store::ImportRecord;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;

use crate::insights::{failed, off_ui};
use crate::state::{AppState, CommandError};

type Result<T, E = CommandError> = std::result::Result<T, E>;

/// What a file holds, before anything is written.
pub type ImportPreview = Imported;

/// What an import did, and the imports now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportDone {
    pub report: ImportReport,
    pub imports: Vec<ImportRecord>,
}

/// What undoing an import removed, what it kept because the person changed it since, and the
/// imports now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportUndone {
    pub removed: Added,
    pub kept: Added,
    pub verdicts_restored: usize,
    pub imports: Vec<ImportRecord>,
}

impl From<DataError> for CommandError {
    fn from(e: DataError) -> Self {
        let field = match e {
            DataError::Read(_) | DataError::Record { .. } => Some("path".into()),
            DataError::Store(s) => return s.into(),
            _ => None,
        };
        CommandError {
            message: e.to_string(),
            field,
        }
    }
}

fn path_of(path: &str) -> Result<PathBuf> {
    let p = path.trim();
    if p.is_empty() {
        return Err(CommandError {
            message: "Choose a file to import first.".into(),
            field: Some("path".into()),
        });
    }
    Ok(PathBuf::from(p))
}

/// Reads and checks a file, then applies it (or, with `dry_run`, reports what applying would
/// do and writes nothing).
fn import(state: &AppState, path: &str, skip_invalid: bool, dry_run: bool) -> Result<Imported> {
    let opts = ParseOptions {
        skip_invalid,
        zone: LocalZone::detect(),
        ..ParseOptions::default()
    };
    let read = data::read(&path_of(path)?, &opts)?;
    Ok(data::apply(
        &mut *state.store()?,
        read,
        dry_run,
        state.clock(),
    )?)
}

#[tauri::command]
pub async fn preview_import<R: Runtime>(
    app: AppHandle<R>,
    path: String,
    skip_invalid: bool,
) -> Result<ImportPreview> {
    path_of(&path)?;
    off_ui(app, move |state, _| {
        import(state, &path, skip_invalid, true)
    })
    .await
}

#[tauri::command]
pub async fn import_file<R: Runtime>(
    app: AppHandle<R>,
    path: String,
    skip_invalid: bool,
) -> Result<ImportDone> {
    path_of(&path)?;
    off_ui(app, move |state, _| {
        let report = import(state, &path, skip_invalid, false)?.report;
        Ok(ImportDone {
            report,
            imports: state.store()?.imports()?,
        })
    })
    .await
}

#[tauri::command]
pub fn list_imports(state: tauri::State<'_, AppState>) -> Result<Vec<ImportRecord>> {
    Ok(state.store()?.imports()?)
}

#[tauri::command]
pub fn undo_import(state: tauri::State<'_, AppState>, id: String) -> Result<ImportUndone> {
    let mut store = state.store()?;
    let undone = data::undo_import(&mut store, &id)?;
    Ok(ImportUndone {
        removed: undone.removed,
        kept: undone.kept,
        verdicts_restored: undone.verdicts_restored,
        imports: store.imports()?,
    })
}

#[tauri::command]
pub async fn export_journal<R: Runtime>(
    app: AppHandle<R>,
    path: String,
    format: String,
) -> Result<Exported> {
    let format: ExportFormat = format.parse().map_err(|reason: String| CommandError {
        message: format!("Format: {reason}."),
        field: Some("format".into()),
    })?;
    let path = PathBuf::from(path.trim());
    off_ui(app, move |state, _| {
        let store = state.store()?;
        let snap = store.snapshot()?;
        // The system's save dialog has already asked before replacing a file.
        let target = Target {
            force: true,
            journal: store.path(),
        };
        Ok(data::export(&snap, &path, format, &state.now(), target)?)
    })
    .await
}

/// The system's file chooser, for a file to import; `null` when the person cancels.
#[tauri::command]
pub async fn choose_import_file<R: Runtime>(app: AppHandle<R>) -> Result<Option<String>> {
    let dialog = app
        .dialog()
        .file()
        .set_title("Import into Plumbline")
        .add_filter(
            "Journals and exports",
            &["json", "csv", "daylio", "zip", "txt"],
        );
    chooser_path(move || dialog.blocking_pick_file()).await
}

/// The system's file chooser, for where to export; `null` when the person cancels.
#[tauri::command]
pub async fn choose_export_file<R: Runtime>(
    app: AppHandle<R>,
    format: String,
) -> Result<Option<String>> {
    let (ext, label) = match format.as_str() {
        "csv" => ("csv", "CSV tables"),
        "markdown" => ("md", "Markdown"),
        _ => ("json", "Plumbline journal file"),
    };
    let today = app.state::<AppState>().now().date_naive();
    let name = format!("plumbline-{today}.{ext}");
    let dialog = app
        .dialog()
        .file()
        .set_title("Export the journal")
        .set_file_name(name)
        .add_filter(label, &[ext]);
    chooser_path(move || dialog.blocking_save_file()).await
}

/// Runs a file chooser off the async runtime's threads (it blocks until the person answers)
/// and gives the path chosen, or `None` when they cancelled.
async fn chooser_path(
    choose: impl FnOnce() -> Option<tauri_plugin_dialog::FilePath> + Send + 'static,
) -> Result<Option<String>> {
    let picked = tauri::async_runtime::spawn_blocking(choose)
        .await
        .map_err(failed)?;
    Ok(picked
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string()))
}
