//! The commands behind Settings' "Your data": importing another app's export or a journal file
//! (checked first, then applied all-or-nothing), the list of past imports with undo, and
//! exporting the journal. Files are read and written on a blocking worker; the file choosers
//! are the system's (`dialogs`).
//!
//! The window never hands a path to a write: `export_journal` asks where to save in the
//! system's dialog and writes there in the same command. A file chosen for import stays in Rust
//! and the window names it by an opaque handle (a path the person typed in the field is only
//! ever read).

use plumbline_core::app::data::{self, Exported, FileQuestion, Reading};
pub use plumbline_core::app::data::{export_to, ImportDone, ImportUndone, Imported};
use plumbline_core::store::ImportRecord;
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime};

use crate::dialogs;
use crate::insights::off_ui;
use crate::state::{AppState, CommandError};

type Result<T, E = CommandError> = std::result::Result<T, E>;

/// What a file holds, before anything is written.
pub type ImportPreview = Imported;

/// A file chosen in the system's file chooser: its opaque handle and its name to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChosenFile {
    pub handle: String,
    pub file: String,
}

#[tauri::command]
pub async fn preview_import<R: Runtime>(
    app: AppHandle<R>,
    handle: Option<String>,
    path: Option<String>,
    skip_invalid: bool,
) -> Result<ImportPreview> {
    off_ui(app, move |state, _| {
        let path = state.import_source(handle.as_deref(), path.as_deref())?;
        data::import_into(state, &path, skip_invalid, true)
    })
    .await
}

/// Applies the file, then reads its words, telling `progress` how far that has come.
#[tauri::command]
pub async fn import_file<R: Runtime>(
    app: AppHandle<R>,
    handle: Option<String>,
    path: Option<String>,
    skip_invalid: bool,
    progress: Channel<Reading>,
) -> Result<ImportDone> {
    off_ui(app, move |state, analysis| {
        let path = state.import_source(handle.as_deref(), path.as_deref())?;
        let report = |done, total| drop(progress.send(Reading { done, total }));
        let model = analysis.model();
        data::import_done(state, model.as_deref(), &path, skip_invalid, report)
    })
    .await
}

#[tauri::command]
pub fn list_imports(state: tauri::State<'_, AppState>) -> Result<Vec<ImportRecord>> {
    Ok(state.store()?.imports()?)
}

#[tauri::command]
pub fn undo_import(state: tauri::State<'_, AppState>, id: String) -> Result<ImportUndone> {
    Ok(data::undo(&mut *state.store()?, &id)?)
}

/// Asks where to export in the system's save dialog and writes there, in one command; `null`
/// when the person cancels.
#[tauri::command]
pub async fn export_journal<R: Runtime>(
    app: AppHandle<R>,
    format: String,
) -> Result<Option<Exported>> {
    let format = data::export_format(&format)?;
    let question = FileQuestion::export(format, app.state::<AppState>().today());
    let Some(path) = dialogs::ask(&app, question).await? else {
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
    let Some(path) = dialogs::ask(&app, FileQuestion::import()).await? else {
        return Ok(None);
    };
    let state = app.state::<AppState>();
    Ok(Some(ChosenFile {
        file: plumbline_core::interchange::formats::file_name(&path),
        handle: state.remember_chosen(path),
    }))
}
