//! The commands behind Settings' "Your data": importing another app's export or a journal file
//! (checked first, then applied all-or-nothing), the list of past imports with undo, and
//! exporting the journal. Files are read and written on a blocking worker; the file choosers
//! are the system's.
//!
//! The window never hands a path to a write: `export_journal` asks where to save in the
//! system's dialog and writes there in the same command. A file chosen for import stays in Rust
//! and the window names it by an opaque handle (a path the person typed in the field is only
//! ever read).

use std::path::{Path, PathBuf};

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

/// A file chosen in the system's file chooser: its opaque handle and its name to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChosenFile {
    pub handle: String,
    pub file: String,
}

/// The file an import reads: a handle from `choose_import_file`, else a path the person typed.
fn source_of(state: &AppState, handle: Option<&str>, path: Option<&str>) -> Result<PathBuf> {
    if let Some(h) = handle.filter(|h| !h.is_empty()) {
        return state.chosen(h).ok_or_else(|| CommandError {
            message: "That file is no longer chosen; choose it again.".into(),
            field: Some("path".into()),
        });
    }
    let p = path.unwrap_or_default().trim();
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
fn import(state: &AppState, path: &Path, skip_invalid: bool, dry_run: bool) -> Result<Imported> {
    let opts = ParseOptions {
        skip_invalid,
        zone: LocalZone::detect(),
        ..ParseOptions::default()
    };
    let read = data::read(path, &opts)?;
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
    handle: Option<String>,
    path: Option<String>,
    skip_invalid: bool,
) -> Result<ImportPreview> {
    off_ui(app, move |state, _| {
        let path = source_of(state, handle.as_deref(), path.as_deref())?;
        import(state, &path, skip_invalid, true)
    })
    .await
}

#[tauri::command]
pub async fn import_file<R: Runtime>(
    app: AppHandle<R>,
    handle: Option<String>,
    path: Option<String>,
    skip_invalid: bool,
) -> Result<ImportDone> {
    off_ui(app, move |state, _| {
        let path = source_of(state, handle.as_deref(), path.as_deref())?;
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

/// Writes the export to `path`, chosen in the system's save dialog (which already asked before
/// replacing a file); never the journal, its own files or any SQLite file.
pub fn export_to(state: &AppState, format: ExportFormat, path: &Path) -> Result<Exported> {
    let store = state.store()?;
    let snap = store.snapshot()?;
    let target = Target {
        force: true,
        journal: store.path(),
    };
    Ok(data::export(&snap, path, format, &state.now(), target)?)
}

/// Asks where to export in the system's save dialog and writes there, in one command; `null`
/// when the person cancels.
#[tauri::command]
pub async fn export_journal<R: Runtime>(
    app: AppHandle<R>,
    format: String,
) -> Result<Option<Exported>> {
    let format: ExportFormat = format.parse().map_err(|reason: String| CommandError {
        message: format!("Format: {reason}."),
        field: Some("format".into()),
    })?;
    let (ext, label) = match format {
        ExportFormat::Csv => ("csv", "CSV tables"),
        ExportFormat::Markdown => ("md", "Markdown"),
        ExportFormat::Json => ("json", "Plumbline journal file"),
    };
    let today = app.state::<AppState>().now().date_naive();
    let dialog = app
        .dialog()
        .file()
        .set_title("Export the journal (not encrypted)")
        .set_file_name(format!("plumbline-{today}.{ext}"))
        .add_filter(label, &[ext]);
    let Some(path) = chooser_path(move || dialog.blocking_save_file()).await? else {
        return Ok(None);
    };
    off_ui(app, move |state, _| {
        export_to(state, format, &path).map(Some)
    })
    .await
}

/// The system's file chooser, for a file to import: an opaque handle for it and its name;
/// `null` when the person cancels.
#[tauri::command]
pub async fn choose_import_file<R: Runtime>(app: AppHandle<R>) -> Result<Option<ChosenFile>> {
    let dialog = app
        .dialog()
        .file()
        .set_title("Import into Plumbline")
        .add_filter(
            "Journals and exports",
            &["json", "csv", "daylio", "zip", "txt"],
        );
    let Some(path) = chooser_path(move || dialog.blocking_pick_file()).await? else {
        return Ok(None);
    };
    let state = app.state::<AppState>();
    Ok(Some(ChosenFile {
        file: plumbline_core::interchange::formats::file_name(&path),
        handle: state.remember_chosen(path),
    }))
}

/// Runs a file chooser off the async runtime's threads (it blocks until the person answers)
/// and gives the path chosen, or `None` when they cancelled.
async fn chooser_path(
    choose: impl FnOnce() -> Option<tauri_plugin_dialog::FilePath> + Send + 'static,
) -> Result<Option<PathBuf>> {
    let picked = tauri::async_runtime::spawn_blocking(choose)
        .await
        .map_err(failed)?;
    Ok(picked.and_then(|p| p.into_path().ok()))
}
