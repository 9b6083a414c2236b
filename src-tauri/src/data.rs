//! The commands behind Settings' "Your data": importing another app's export or a journal file
//! (checked first, then applied all-or-nothing), the list of past imports with undo, and
//! exporting the journal. Files are read and written on a blocking worker; the file choosers
//! are the system's.

use std::path::{Path, PathBuf};

use plumbline_core::domain::format_instant;
use plumbline_core::interchange::export::{self, ExportFormat};
use plumbline_core::interchange::formats::{self, LocalZone, ParseOptions};
use plumbline_core::interchange::{Added, ImportMeta, ImportReport};
use plumbline_core::store::{ImportRecord, StoreError};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

use crate::commands::{AppState, CommandError};
use crate::insights::{failed, off_ui};

type Result<T, E = CommandError> = std::result::Result<T, E>;

/// What a file holds, before anything is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    /// The file's name.
    pub file: String,
    /// What it was read as, e.g. "a Daylio CSV export".
    pub what: String,
    /// What importing it would do (nothing was written: `import_id` is null).
    pub report: ImportReport,
}

/// What an import did, and the imports now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportDone {
    pub report: ImportReport,
    pub imports: Vec<ImportRecord>,
}

/// What undoing an import removed, and the imports now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportUndone {
    pub removed: Added,
    pub imports: Vec<ImportRecord>,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exported {
    pub files: Vec<String>,
    pub events: usize,
    pub checkins: usize,
    pub reflections: usize,
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
fn import(
    state: &AppState,
    path: &Path,
    skip_invalid: bool,
    dry_run: bool,
) -> Result<(String, ImportReport)> {
    let opts = ParseOptions {
        skip_invalid,
        zone: LocalZone::system(),
        ..ParseOptions::default()
    };
    let (detected, batch) = formats::read_auto(path, &opts).map_err(|e| CommandError {
        message: e.to_string(),
        field: Some("path".into()),
    })?;
    let meta = ImportMeta {
        format: detected.format.as_str().to_string(),
        file: Some(formats::file_name(path)),
        dry_run,
    };
    let report = state
        .store()?
        .apply_import(&batch, &meta, state.clock())
        .map_err(|e| match e {
            StoreError::Invalid(inv) => CommandError {
                message: format!("{}: {inv}", formats::file_name(path)),
                field: Some("path".into()),
            },
            other => other.into(),
        })?;
    Ok((detected.layout.describe().to_string(), report))
}

#[tauri::command]
pub async fn preview_import<R: Runtime>(
    app: AppHandle<R>,
    path: String,
    skip_invalid: bool,
) -> Result<ImportPreview> {
    let path = path_of(&path)?;
    off_ui(app, move |state, _| {
        let (what, report) = import(state, &path, skip_invalid, true)?;
        Ok(ImportPreview {
            file: formats::file_name(&path),
            what,
            report,
        })
    })
    .await
}

#[tauri::command]
pub async fn import_file<R: Runtime>(
    app: AppHandle<R>,
    path: String,
    skip_invalid: bool,
) -> Result<ImportDone> {
    let path = path_of(&path)?;
    off_ui(app, move |state, _| {
        let (_, report) = import(state, &path, skip_invalid, false)?;
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
    let removed = store.undo_import(&id).map_err(|e| match e {
        StoreError::NotFound { .. } => {
            failed("That import is no longer in the journal; it may have been undone already.")
        }
        other => other.into(),
    })?;
    Ok(ImportUndone {
        removed,
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
        let snap = state.store()?.snapshot()?;
        let now = state.now();
        let files = export::write_files(&snap, format, &path, &now).map_err(failed)?;
        Ok(Exported {
            files: files.iter().map(|p| p.display().to_string()).collect(),
            events: snap.events.len(),
            checkins: snap.checkins.len(),
            reflections: snap.reflections.len(),
        })
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
    let today = format_instant(&chrono::Local::now().fixed_offset());
    let name = format!("plumbline-{}.{ext}", &today[..10]);
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
